import torch
import torch.nn.functional as F

import data
from metrics import roc_auc
from model import FraudMLP, Scorer


def make_model(seed: int = 0, **kwargs: float) -> FraudMLP:
    torch.manual_seed(seed)
    return FraudMLP(data.N_FEATURES, hidden=16, **kwargs)  # type: ignore[arg-type]


def test_maps_a_batch_of_raw_features_to_one_logit_each() -> None:
    x = data.make_dataset(32, 0).tensors[0]
    logits = make_model().eval()(x)
    assert logits.shape == (32,)
    assert logits.dtype == torch.float32
    assert torch.isfinite(logits).all()


def test_standardizes_inputs_with_statistics_that_travel_in_the_state_dict() -> None:
    x = data.make_dataset(256, 0).tensors[0]
    model = make_model().eval()
    model.set_normalization(x)
    standardized = (x - x.mean(0)) / x.std(0)
    assert torch.allclose(model(x), model.net(standardized).squeeze(-1), atol=1e-5)

    restored = make_model(seed=1).eval()
    restored.load_state_dict(model.state_dict())
    assert torch.equal(restored(x), model(x))


def test_scorer_serves_probabilities() -> None:
    x = data.make_dataset(64, 0).tensors[0]
    model = make_model().eval()
    probabilities = Scorer(model)(x)
    assert torch.allclose(probabilities, torch.sigmoid(model(x)))
    assert ((probabilities > 0) & (probabilities < 1)).all()


def test_dropout_only_in_training_mode() -> None:
    x = data.make_dataset(64, 0).tensors[0]
    model = make_model(dropout=0.5)
    model.set_normalization(x)
    assert not torch.equal(model.train()(x), model(x))
    assert torch.equal(model.eval()(x), model(x))


def test_learns_the_synthetic_rule() -> None:
    train_x, train_y = data.make_dataset(2048, 0).tensors
    val_x, val_y = data.make_dataset(1024, 1).tensors
    model = make_model()
    model.set_normalization(train_x)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    losses = []
    for _ in range(4):
        for i in range(0, len(train_x), 64):
            loss = F.binary_cross_entropy_with_logits(
                model(train_x[i : i + 64]), train_y[i : i + 64]
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    assert sum(losses[-16:]) < 0.8 * sum(losses[:16])
    with torch.no_grad():
        assert roc_auc(model.eval()(val_x), val_y) > 0.8


def test_scorer_exports_with_a_dynamic_batch_dimension() -> None:
    """The logged model is a torch.export program: the model must stay exportable."""
    scorer = Scorer(make_model().eval()).eval()
    example = data.make_dataset(5, 0).tensors[0]
    program = torch.export.export(scorer, (example,), dynamic_shapes=[{0: torch.export.Dim.AUTO}])
    other_batch = data.make_dataset(11, 1).tensors[0]
    assert torch.allclose(program.module()(other_batch), scorer(other_batch))
