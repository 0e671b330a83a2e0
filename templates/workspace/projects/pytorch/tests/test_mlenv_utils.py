"""mlenv_utils: the launcher's environment, precision, checkpoint files and the MLflow run."""

import argparse
from pathlib import Path
from typing import Any

import pytest
import torch
from mlflow.tracking import MlflowClient

import mlenv_utils
import train
from model import FraudMLP


def test_environment_defaults_work_standalone() -> None:
    env = mlenv_utils.RunEnv.from_environ({})
    assert env.output_dir == Path("outputs")
    assert env.checkpoint_dir == Path("outputs/checkpoints")
    assert env.precision == "fp32"
    assert not env.has_launcher_run


def test_environment_from_the_launcher(tmp_path: Path) -> None:
    env = mlenv_utils.RunEnv.from_environ(
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
        mlenv_utils.RunEnv.from_environ({"MLENV_PRECISION": "fp8"})


def test_precision_on_cpu() -> None:
    cpu = torch.device("cpu")
    assert mlenv_utils.resolve_precision("fp32", cpu) == mlenv_utils.Precision("fp32", None, False)
    assert mlenv_utils.resolve_precision("bf16", cpu) == mlenv_utils.Precision(
        "bf16", torch.bfloat16, False
    )
    fallback = mlenv_utils.resolve_precision("fp16", cpu)
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
    with mlenv_utils.resolve_precision("bf16", torch.device("cpu")).autocast(torch.device("cpu")):
        assert model.net[0](x).dtype == torch.bfloat16
    with mlenv_utils.resolve_precision("fp32", torch.device("cpu")).autocast(torch.device("cpu")):
        assert model.net[0](x).dtype == torch.float32


def test_checkpoint_write_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "ckpt" / "last.pt"
    mlenv_utils.save_checkpoint(path, {"epoch": 1, "weights": torch.ones(3)})
    mlenv_utils.save_checkpoint(path, {"epoch": 2, "weights": torch.zeros(3)})

    def interrupted(f: Any) -> None:
        f.write(b"half a checkpoint")
        raise KeyboardInterrupt  # as if preempted in the middle of the write

    with pytest.raises(KeyboardInterrupt):
        mlenv_utils.save_atomic(path, interrupted)
    loaded = mlenv_utils.load_checkpoint(path, torch.device("cpu"))
    assert loaded is not None
    assert loaded["epoch"] == 2
    assert torch.equal(loaded["weights"], torch.zeros(3))
    assert [p.name for p in path.parent.iterdir()] == ["last.pt"]  # no temporary left behind
    assert mlenv_utils.load_checkpoint(tmp_path / "missing.pt", torch.device("cpu")) is None


def test_resume_refuses_a_checkpoint_of_other_options(tmp_path: Path) -> None:
    saved = mlenv_utils.resume_config(train.parse_args(["--epochs", "1"]))
    mlenv_utils.check_resumable(
        saved, mlenv_utils.resume_config(train.parse_args(["--epochs", "5"])), tmp_path
    )
    with pytest.raises(SystemExit, match=r"--lr 0.05 -> 0.1.*MLENV_CHECKPOINT_DIR"):
        mlenv_utils.check_resumable(
            saved, mlenv_utils.resume_config(train.parse_args(["--lr", "0.1"])), tmp_path
        )


def test_checkpoint_keeps_the_options_and_refuses_others_on_load(tmp_path: Path) -> None:
    path = tmp_path / "last.pt"
    mlenv_utils.save_checkpoint(path, {"epoch": 1}, train.parse_args(["--epochs", "1"]))
    resumed = mlenv_utils.load_checkpoint(path, torch.device("cpu"), train.parse_args([]))
    assert resumed is not None
    assert resumed["epoch"] == 1
    assert resumed["config"] == mlenv_utils.resume_config(train.parse_args([]))
    with pytest.raises(SystemExit, match=r"--hidden 64 -> 8"):
        mlenv_utils.load_checkpoint(path, torch.device("cpu"), train.parse_args(["--hidden", "8"]))


def test_bounded_names_the_bound() -> None:
    unit = mlenv_utils.bounded(float, 0, below=1)
    assert unit("0") == 0.0
    for text, message in [("-0.5", "expected a number >= 0"), ("1", "expected a number < 1")]:
        with pytest.raises(argparse.ArgumentTypeError, match=message):
            unit(text)
    with pytest.raises(argparse.ArgumentTypeError, match="expected a number > 0, got 0"):
        mlenv_utils.bounded(int, 0, inclusive=False)("0")


@pytest.fixture
def tracking_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.delenv("MLFLOW_RUN_ID", raising=False)
    monkeypatch.delenv("MLFLOW_EXPERIMENT_ID", raising=False)
    return uri


def test_a_launcher_run_gets_no_params_from_the_trainer(
    tracking_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = MlflowClient(tracking_uri)
    run_id = client.create_run(client.create_experiment("launched")).info.run_id
    client.log_param(run_id, "epochs", "2")  # what the launcher logged when it created the run
    monkeypatch.setenv("MLFLOW_RUN_ID", run_id)
    env = mlenv_utils.RunEnv.from_environ({"MLFLOW_RUN_ID": run_id})
    with mlenv_utils.tracking(env, train.parse_args(["--epochs", "3"])) as tracker:
        assert tracker.run_id == run_id
        tracker.log_metrics({"val_auc": 0.9}, step=1)
    run = client.get_run(run_id)
    assert run.data.params == {"epochs": "2"}
    assert run.data.metrics == {"val_auc": 0.9}


def test_a_standalone_run_logs_its_options(tracking_uri: str) -> None:
    env = mlenv_utils.RunEnv.from_environ({"MLENV_RUN_NAME": "by-hand"})
    with mlenv_utils.tracking(env, train.parse_args(["--batch-size", "32"])) as tracker:
        run_id = tracker.run_id
    assert run_id is not None
    run = MlflowClient(tracking_uri).get_run(run_id)
    assert run.info.run_name == "by-hand"
    assert run.data.params["batch-size"] == "32"
    assert run.data.params["lr-decay"] == "0.7"


def test_other_ranks_track_nothing(tracking_uri: str) -> None:
    env = mlenv_utils.RunEnv.from_environ({})
    with mlenv_utils.tracking(env, train.parse_args([]), rank=1) as tracker:
        assert tracker.run_id is None
        tracker.log_metrics({"val_auc": 0.9}, step=1)  # does nothing
    client = MlflowClient(tracking_uri)
    experiments = [e.experiment_id for e in client.search_experiments()]
    assert client.search_runs(experiments) == []
