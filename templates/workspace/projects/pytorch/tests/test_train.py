import json
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml

import train
from model import FraudMLP

PROJECT = Path(__file__).resolve().parents[1]
TINY = ["--train-size", "2048", "--val-size", "512", "--hidden", "16", "--log-every", "8"]


def launcher_argv(params: dict[str, Any]) -> list[str]:
    """train.params as MLEnv's launcher passes them."""
    return [item for key, value in params.items() for item in (f"--{key}", str(value))]


def test_accepts_the_params_of_mlenv_yaml() -> None:
    config = yaml.safe_load((PROJECT / "mlenv.yaml").read_text())
    params = config["train"]["params"]
    args = train.parse_args(launcher_argv(params))
    for key, value in params.items():
        assert getattr(args, key.replace("-", "_")) == value


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--epochs", "2", "--learning-rate", "0.1"], "unknown option(s) --learning-rate 0.1"),
        (["--epoch", "2"], "unknown option(s) --epoch 2"),  # no silent abbreviations
        (["--epochs", "0"], "expected a number >= 1"),
        (["--lr", "0"], "expected a number > 0"),
        (["--dropout", "1"], "expected a number < 1"),
        (["--batch-size", "big"], "invalid int value"),
    ],
)
def test_rejects_bad_arguments_clearly(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        train.parse_args(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_unknown_param_error_points_at_mlenv_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        train.parse_args(["--bogus", "1"])
    assert "train.params in mlenv.yaml" in capsys.readouterr().err


def test_environment_defaults_work_standalone() -> None:
    env = train.RunEnv.from_environ({})
    assert env.output_dir == Path("outputs")
    assert env.checkpoint_dir == Path("outputs/checkpoints")
    assert env.precision == "fp32"
    assert not env.has_launcher_run


def test_environment_from_the_launcher(tmp_path: Path) -> None:
    env = train.RunEnv.from_environ(
        {
            "MLENV_OUTPUT_DIR": str(tmp_path / "out"),
            "MLENV_CHECKPOINT_DIR": str(tmp_path / "ckpt"),
            "MLENV_PRECISION": "BF16",
            "MLENV_ATTEMPT": "2",
            "MLFLOW_RUN_ID": "abc",
        }
    )
    assert env.output_dir == tmp_path / "out"
    assert env.checkpoint_dir == tmp_path / "ckpt"
    assert env.precision == "bf16"
    assert env.attempt == "2"
    assert env.has_launcher_run


def test_rejects_an_unknown_precision() -> None:
    with pytest.raises(SystemExit, match="MLENV_PRECISION: expected one of fp32, bf16, fp16"):
        train.RunEnv.from_environ({"MLENV_PRECISION": "fp8"})


def test_precision_on_cpu() -> None:
    cpu = torch.device("cpu")
    assert train.resolve_precision("fp32", cpu) == train.Precision("fp32", None, False)
    assert train.resolve_precision("bf16", cpu) == train.Precision("bf16", torch.bfloat16, False)
    fallback = train.resolve_precision("fp16", cpu)
    assert (fallback.name, fallback.autocast_dtype, fallback.grad_scaler) == (
        "bf16",
        torch.bfloat16,
        False,
    )
    assert fallback.note is not None
    assert "needs CUDA" in fallback.note


def test_bf16_autocast_runs_matmuls_in_bf16_on_cpu() -> None:
    model = FraudMLP(8)
    x = torch.randn(4, 8)
    with train.resolve_precision("bf16", torch.device("cpu")).autocast(torch.device("cpu")):
        assert model.net[0](x).dtype == torch.bfloat16
    with train.resolve_precision("fp32", torch.device("cpu")).autocast(torch.device("cpu")):
        assert model.net[0](x).dtype == torch.float32


def test_checkpoint_write_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "ckpt" / "last.pt"
    train.save_checkpoint(path, {"epoch": 1, "weights": torch.ones(3)})
    train.save_checkpoint(path, {"epoch": 2, "weights": torch.zeros(3)})

    def interrupted(f: Any) -> None:
        f.write(b"half a checkpoint")
        raise KeyboardInterrupt  # as if preempted in the middle of the write

    with pytest.raises(KeyboardInterrupt):
        train.save_atomic(path, interrupted)
    loaded = train.load_checkpoint(path, torch.device("cpu"))
    assert loaded is not None
    assert loaded["epoch"] == 2
    assert torch.equal(loaded["weights"], torch.zeros(3))
    assert [p.name for p in path.parent.iterdir()] == ["last.pt"]  # no temporary left behind
    assert train.load_checkpoint(tmp_path / "missing.pt", torch.device("cpu")) is None


def test_resume_refuses_a_checkpoint_of_other_options(tmp_path: Path) -> None:
    saved = train.resume_config(train.parse_args(["--epochs", "1"]))
    train.check_resumable(saved, train.resume_config(train.parse_args(["--epochs", "5"])), tmp_path)
    with pytest.raises(SystemExit, match=r"--lr 0.05 -> 0.1.*MLENV_CHECKPOINT_DIR"):
        train.check_resumable(
            saved, train.resume_config(train.parse_args(["--lr", "0.1"])), tmp_path
        )


def run_in_process(tmp_path: Path, argv: list[str], precision: str = "fp32") -> dict[str, Any]:
    env = train.RunEnv.from_environ(
        {"MLENV_OUTPUT_DIR": str(tmp_path / "out"), "MLENV_PRECISION": precision}
    )
    world = train.World(rank=0, local_rank=0, size=1, device=torch.device("cpu"))
    return train.train(train.parse_args(argv), env, world, train.Tracker(None))


def test_trains_in_process_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_in_process(tmp_path, [*TINY, "--epochs", "2"])
    assert first["epoch"] == 2
    assert first["global_step"] == 64
    assert first["val_auc"] > 0.7
    assert json.loads((tmp_path / "out" / "metrics.json").read_text()) == first
    assert "epoch 2/2 step 64 train_loss=" in capsys.readouterr().out

    again = run_in_process(tmp_path, [*TINY, "--epochs", "2"])
    assert again == first  # a retry of a finished run trains nothing and reports the same
    assert "resumed from epoch 2" in capsys.readouterr().out


def test_fp16_on_cpu_falls_back_to_bf16_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    metrics = run_in_process(tmp_path, [*TINY, "--epochs", "1"], precision="fp16")
    out = capsys.readouterr().out
    assert "precision=bf16" in out
    assert "note: fp16: mixed precision with loss scaling needs CUDA" in out
    assert metrics["val_loss"] == pytest.approx(metrics["val_loss"])  # finite, not NaN
    assert metrics["val_auc"] > 0.6
