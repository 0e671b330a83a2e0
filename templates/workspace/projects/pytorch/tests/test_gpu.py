"""CUDA checks, for a machine with a GPU (`pytest -m gpu`); skipped elsewhere (see conftest.py)."""

from pathlib import Path
from typing import Any

import pytest
import torch
import torch.nn.functional as F

import data
import mlenv_utils
import train
from metrics import roc_auc
from model import FraudMLP

pytestmark = pytest.mark.gpu

CUDA = torch.device("cuda")
TINY = ["--train-size", "2048", "--val-size", "512", "--hidden", "16", "--log-every", "8"]


def batch(n: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    x, y = data.make_dataset(n, 0).tensors
    return x.to(CUDA), y.to(CUDA)


def test_model_on_gpu_matches_cpu() -> None:
    torch.manual_seed(0)
    model = FraudMLP(data.N_FEATURES, hidden=32).eval()
    x = data.make_dataset(256, 0).tensors[0]
    model.set_normalization(x)
    expected = model(x)
    actual = model.to(CUDA)(x.to(CUDA)).cpu()
    assert torch.allclose(actual, expected, rtol=1e-3, atol=1e-3)


def test_fp16_steps_with_a_grad_scaler() -> None:
    precision = mlenv_utils.resolve_precision("fp16", CUDA)
    assert precision == mlenv_utils.Precision("fp16", torch.float16, grad_scaler=True)
    x, y = batch()
    model = FraudMLP(data.N_FEATURES).to(CUDA)
    model.set_normalization(x)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scaler = torch.amp.GradScaler("cuda")
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(5):
        with precision.autocast(CUDA):
            logits = model(x)
            loss = F.binary_cross_entropy_with_logits(logits.float(), y)
        assert logits.dtype == torch.float16
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert any(not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


@pytest.mark.skipif(
    torch.cuda.is_available() and not torch.cuda.is_bf16_supported(),
    reason="this GPU has no bf16 support",
)
def test_bf16_autocast_on_gpu() -> None:
    precision = mlenv_utils.resolve_precision("bf16", CUDA)
    x, _ = batch()
    with precision.autocast(CUDA):
        assert FraudMLP(data.N_FEATURES).to(CUDA)(x).dtype == torch.bfloat16


def test_roc_auc_of_gpu_tensors() -> None:
    generator = torch.Generator().manual_seed(0)
    scores, labels = torch.rand(1000, generator=generator), torch.rand(1000, generator=generator)
    labels = (labels < scores).float()
    assert roc_auc(scores.to(CUDA), labels.to(CUDA)) == pytest.approx(roc_auc(scores, labels))


def run_in_process(tmp_path: Path, epochs: int) -> dict[str, Any]:
    env = mlenv_utils.RunEnv.from_environ(
        {"MLENV_OUTPUT_DIR": str(tmp_path / "out"), "MLENV_PRECISION": "fp16"}
    )
    world = train.World(rank=0, local_rank=0, size=1, device=CUDA)
    args = train.parse_args([*TINY, "--epochs", str(epochs)])
    return train.Trainer(args, env, world, mlenv_utils.Tracker(None)).train()


def test_trainer_on_gpu_in_fp16_resumes_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train.make_cuda_deterministic()
    straight = run_in_process(tmp_path / "straight", epochs=2)
    out = capsys.readouterr().out
    assert "device=cuda" in out
    assert "precision=fp16" in out
    assert straight["val_auc"] > 0.7

    run_in_process(tmp_path / "preempted", epochs=1)
    resumed = run_in_process(tmp_path / "preempted", epochs=2)
    assert "resumed from epoch 1" in capsys.readouterr().out
    assert resumed == straight
    expected = torch.load(tmp_path / "straight/out/checkpoints/last.pt", weights_only=True)
    actual = torch.load(tmp_path / "preempted/out/checkpoints/last.pt", weights_only=True)
    for name, tensor in expected["model"].items():
        assert torch.equal(actual["model"][name], tensor), name
    assert actual["scaler"] == expected["scaler"]
