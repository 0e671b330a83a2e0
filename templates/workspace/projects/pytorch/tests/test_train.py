import json
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml

import mlenv_utils
import train

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
    err = capsys.readouterr().err
    assert "every key of train.params in mlenv.yaml must be an option of train.py" in err


def run_in_process(tmp_path: Path, argv: list[str], precision: str = "fp32") -> dict[str, Any]:
    env = mlenv_utils.RunEnv.from_environ(
        {"MLENV_OUTPUT_DIR": str(tmp_path / "out"), "MLENV_PRECISION": precision}
    )
    world = train.World(rank=0, local_rank=0, size=1, device=torch.device("cpu"))
    return train.Trainer(train.parse_args(argv), env, world, mlenv_utils.Tracker(None)).train()


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
