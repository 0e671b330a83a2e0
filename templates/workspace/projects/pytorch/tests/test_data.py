import pytest
import torch

import data
from metrics import roc_auc


def test_same_seed_same_data_other_seed_other_data() -> None:
    a, b, c = data.make_dataset(500, 7), data.make_dataset(500, 7), data.make_dataset(500, 8)
    assert all(torch.equal(x, y) for x, y in zip(a.tensors, b.tensors, strict=True))
    assert not torch.equal(a.tensors[0], c.tensors[0])


def test_shapes_ranges_and_class_balance() -> None:
    x, y = data.make_dataset(20_000, 0).tensors
    assert x.shape == (20_000, data.N_FEATURES)
    assert x.dtype == y.dtype == torch.float32
    assert torch.isfinite(x).all()
    assert set(y.unique().tolist()) == {0.0, 1.0}
    assert 0.05 < y.mean().item() < 0.2  # rare, as fraud is, but not too rare to learn fast
    columns = dict(zip(data.FEATURES, x.T, strict=True))
    assert (columns["amount"] > 0).all()
    assert ((columns["hour"] >= 0) & (columns["hour"] < 24)).all()
    assert set(columns["is_foreign"].unique().tolist()) <= {0.0, 1.0}


def test_learnable_but_noisy() -> None:
    x, y = data.make_dataset(20_000, 1).tensors
    bayes_auc = roc_auc(data.fraud_logit(x), y)
    assert 0.85 < bayes_auc < 0.98  # the true rule predicts well, but no model can be perfect


def test_validation_set_does_not_depend_on_train_size() -> None:
    train_small, val_a = data.make_splits(100, 50, seed=3)
    val_b = data.make_splits(300, 50, seed=3)[1]
    assert torch.equal(val_a.tensors[0], val_b.tensors[0])
    assert not torch.equal(train_small.tensors[0][:50], val_a.tensors[0])


def loader_indices(world_size: int, rank: int, epoch: int, train: bool) -> list[int]:
    """Which examples a rank sees, recovered from their (unique) amounts."""
    dataset = data.make_dataset(103, 0)
    amounts = dataset.tensors[0][:, 0].tolist()
    position = {amount: i for i, amount in enumerate(amounts)}
    loader = data.make_loader(
        dataset, batch_size=8, train=train, rank=rank, world_size=world_size, seed=5
    )
    if train:
        loader.sampler.set_epoch(epoch)  # type: ignore[union-attr]
    return [position[a] for x, _ in loader for a in x[:, 0].tolist()]


def test_training_shards_cover_the_data_and_reshuffle_each_epoch() -> None:
    shards = [loader_indices(2, rank, epoch=0, train=True) for rank in (0, 1)]
    assert len(shards[0]) == len(shards[1]) == 52  # padded to equal length: DDP needs lockstep
    assert set(shards[0]) | set(shards[1]) == set(range(103))
    assert loader_indices(2, 0, epoch=0, train=True) == shards[0]  # deterministic
    assert loader_indices(2, 0, epoch=1, train=True) != shards[0]


def test_evaluation_shards_partition_the_data() -> None:
    shards = [loader_indices(3, rank, epoch=0, train=False) for rank in range(3)]
    assert sorted(shards[0] + shards[1] + shards[2]) == list(range(103))


@pytest.mark.parametrize(
    ("size", "batch", "world", "limit", "expected"),
    [(8192, 64, 1, 0, 128), (8192, 64, 2, 0, 64), (100, 64, 1, 0, 2), (8192, 64, 1, 10, 10)],
)
def test_steps_per_epoch(size: int, batch: int, world: int, limit: int, expected: int) -> None:
    assert data.steps_per_epoch(size, batch, world, limit) == expected
    if limit == 0:  # agrees with the loader that train.py iterates
        loader = data.make_loader(
            data.make_dataset(size, 0), batch, train=True, rank=0, world_size=world
        )
        assert len(loader) == expected
