"""train.py end to end, in subprocesses, as MLEnv's launcher runs it.

MLflow tracks into a sqlite file under tmp_path (no server), with the run created beforehand and
passed in MLFLOW_RUN_ID, like the launcher does.
"""

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import mlflow
import pytest
import torch
import torch.distributed as dist
from mlflow.tracking import MlflowClient

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parents[2]
# 2048 examples in batches of 64: 32 steps per epoch (16 per rank with two ranks).
FAST = ["--train-size", "2048", "--val-size", "1024", "--log-every", "8"]
STEPS_PER_EPOCH = 32
# Not inherited from the environment the tests run in: the tests set their own.
FOREIGN_VARS = ("MLENV_", "MLFLOW_", "TORCHELASTIC_", "RANK", "LOCAL_", "WORLD_SIZE", "MASTER_")
HAS_GLOO = dist.is_available() and dist.is_gloo_available()
# On GPUs, DDP runs one process per visible GPU (the GPU test runner hands this job its GPUs),
# as many as divide an epoch evenly; on CPU, two gloo processes. One GPU cannot show DDP.
GPUS = torch.cuda.device_count() if torch.cuda.is_available() else 0
DDP_PROCS = max((n for n in (2, 4, 8) if n <= GPUS), default=0) if GPUS else 2
DEVICE = "cuda" if GPUS else "cpu"


class Tracking:
    def __init__(self, root: Path) -> None:
        self.uri = f"sqlite:///{root / 'mlflow.db'}"
        self.client = MlflowClient(self.uri)
        self.experiment_id = self.client.create_experiment(
            "pytorch-template", artifact_location=(root / "artifacts").as_uri()
        )

    def new_run(self) -> str:
        return self.client.create_run(self.experiment_id).info.run_id

    def history(self, run_id: str, key: str) -> list[tuple[int, float]]:
        return sorted((m.step, m.value) for m in self.client.get_metric_history(run_id, key))


class Training:
    """train.py started in the background as MLEnv's launcher starts it: in a pre-created MLflow
    run, with the MLENV_* variables, writing only under `workdir`."""

    def __init__(
        self,
        tracking: Tracking,
        workdir: Path,
        args: list[str],
        *,
        run_id: str | None = None,
        attempt: int = 1,
        procs: int = 1,
    ) -> None:
        self.workdir, self.run_id = workdir, run_id or tracking.new_run()
        self.output_dir, self.checkpoint_dir = workdir / "outputs", workdir / "checkpoints"
        self.log = workdir / f"attempt-{attempt}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN_VARS)}
        env |= {
            "MLFLOW_TRACKING_URI": tracking.uri,
            "MLFLOW_RUN_ID": self.run_id,
            "MLENV_PROJECT": "pytorch-template",
            "MLENV_RUN_NAME": workdir.name,
            "MLENV_OUTPUT_DIR": str(self.output_dir),
            "MLENV_CHECKPOINT_DIR": str(self.checkpoint_dir),
            "MLENV_ATTEMPT": str(attempt),
            "MLENV_PRECISION": "fp32",
            "MLENV_PARAMS": json.dumps(dict(zip(args[::2], args[1::2], strict=True))),
        }
        launcher = [sys.executable]
        if procs > 1:
            launcher += ["-m", "torch.distributed.run", "--standalone", f"--nproc-per-node={procs}"]
        with self.log.open("w") as log:  # a file, not a pipe: nobody reads while it runs
            self.process = subprocess.Popen(
                [*launcher, str(PROJECT / "train.py"), *args],
                cwd=workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self) -> Self:
        try:
            self.process.wait(timeout=300)
        finally:
            self.stop()
        assert self.process.returncode == 0, f"train.py failed:\n{self.output}"
        return self

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @property
    def output(self) -> str:
        return self.log.read_text()

    @property
    def metrics_json(self) -> dict:
        return json.loads((self.output_dir / "metrics.json").read_text())

    def checkpoint(self) -> dict:
        return torch.load(self.checkpoint_dir / "last.pt", weights_only=True)


@pytest.fixture(scope="module")
def tracking(tmp_path_factory: pytest.TempPathFactory) -> Tracking:
    return Tracking(tmp_path_factory.mktemp("mlflow"))


@pytest.fixture(scope="module")
def started(
    tracking: Tracking, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Training]]:
    """This module's trainings, started together: each spends most of its time importing torch
    and mlflow, which overlaps well when there are cores to spare."""
    workdir = tmp_path_factory.mktemp
    trainings = {
        "straight": Training(tracking, workdir("straight"), [*FAST, "--epochs", "3"]),
        # The first attempt of a job preempted after epoch 1.
        "preempted": Training(tracking, workdir("preempted"), [*FAST, "--epochs", "1"]),
    }
    if (HAS_GLOO or GPUS) and DDP_PROCS:
        trainings["torchrun"] = Training(
            tracking, workdir("torchrun"), [*FAST, "--epochs", "2"], procs=DDP_PROCS
        )
    yield trainings
    for training in trainings.values():
        training.stop()


@pytest.fixture(scope="module")
def straight(started: dict[str, Training]) -> Training:
    return started["straight"].wait()


def test_logs_metrics_per_step_into_the_launchers_run(
    tracking: Tracking, straight: Training
) -> None:
    run = tracking.client.get_run(straight.run_id)
    assert run.info.status == "FINISHED"
    # The launcher logs the params when it creates the run; the trainer adds none.
    assert run.data.params == {}
    assert " world_size=1 precision=fp32 " in straight.output
    # On a GPU runner the trainer must really train on the GPU, not fall back to the CPU.
    assert f"device={DEVICE}" in straight.output

    losses = tracking.history(straight.run_id, "train_loss")
    assert [step for step, _ in losses] == list(range(1, 3 * STEPS_PER_EPOCH + 1))
    values = [loss for _, loss in losses]
    assert all(math.isfinite(v) for v in values)
    assert sum(values[-16:]) < 0.75 * sum(values[:16])  # it learns

    val_loss = tracking.history(straight.run_id, "val_loss")
    val_auc = tracking.history(straight.run_id, "val_auc")
    assert [step for step, _ in val_auc] == [32, 64, 96]  # per epoch, on the global step axis
    assert val_loss[-1][1] < val_loss[0][1]
    assert val_auc[-1][1] > 0.8
    assert run.data.metrics["epoch"] == 3

    final = straight.metrics_json
    assert final["val_auc"] == run.data.metrics["val_auc"]
    assert final["val_loss"] == run.data.metrics["val_loss"]
    assert final["global_step"] == 96

    assert "epoch 1/3 step 8 train_loss=" in straight.output
    assert "epoch 3/3 val_loss=" in straight.output


def test_checkpoints_after_each_epoch(straight: Training) -> None:
    checkpoint = straight.checkpoint()
    assert (checkpoint["epoch"], checkpoint["global_step"]) == (3, 96)
    assert {"model", "optimizer", "scheduler", "config", "metrics"} <= checkpoint.keys()
    assert [p.name for p in straight.checkpoint_dir.iterdir()] == ["last.pt"]


def test_logs_a_servable_model(
    tracking: Tracking, straight: Training, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking.uri)
    # The logged model is a CPU copy exported with torch.export, whose weights cannot move to
    # another device; MLflow's loader would pick CUDA whenever a GPU is visible.
    monkeypatch.setenv("MLFLOW_DEFAULT_PREDICTION_DEVICE", "cpu")
    models = tracking.client.search_logged_models(
        experiment_ids=[tracking.experiment_id],
        filter_string=f"source_run_id = '{straight.run_id}'",
    )
    assert [m.name for m in models] == ["model"]

    model_uri = f"runs:/{straight.run_id}/model"
    local = mlflow.artifacts.download_artifacts(model_uri, dst_path=str(tmp_path))
    logged = mlflow.models.Model.load(local)
    assert logged.signature.inputs.to_dict() == [
        {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": (-1, 8)}}
    ]
    example = logged.load_input_example(local)
    assert example.shape == (5, 8)

    predictions = mlflow.pyfunc.load_model(model_uri).predict(example)
    assert predictions.shape == (5,)
    assert ((predictions > 0) & (predictions < 1)).all()

    # The scoring path of `mlflow models serve`, on a request made of the logged input example.
    serving_input = logged.get_serving_input(local)
    assert serving_input is not None
    request, response = tmp_path / "request.json", tmp_path / "response.json"
    request.write_text(serving_input)
    mlflow.models.predict(
        model_uri, input_path=str(request), output_path=str(response), env_manager="local"
    )
    served = json.loads(response.read_text())["predictions"]
    assert served == pytest.approx(predictions.tolist())


def test_resumed_run_ends_like_an_uninterrupted_one(
    tracking: Tracking, started: dict[str, Training], straight: Training
) -> None:
    preempted = started["preempted"].wait()
    assert preempted.checkpoint()["epoch"] == 1
    # The retry: same checkpoint dir and MLflow run, and here more epochs than the first attempt.
    resumed = Training(
        tracking,
        preempted.workdir,
        [*FAST, "--epochs", "3"],
        run_id=preempted.run_id,
        attempt=2,
    ).wait()
    assert "resumed from epoch 1" in resumed.output
    assert tracking.client.get_run(resumed.run_id).data.params == {}

    expected, actual = straight.checkpoint(), resumed.checkpoint()
    assert actual["global_step"] == expected["global_step"]
    for name, tensor in expected["model"].items():
        assert torch.equal(actual["model"][name], tensor), name
    for index, state in expected["optimizer"]["state"].items():
        assert torch.equal(
            actual["optimizer"]["state"][index]["momentum_buffer"], state["momentum_buffer"]
        )
    assert resumed.metrics_json == straight.metrics_json
    # The run's history reads as one run's: every step once, with the same losses.
    assert tracking.history(resumed.run_id, "train_loss") == tracking.history(
        straight.run_id, "train_loss"
    )


@pytest.mark.skipif(
    not (HAS_GLOO or GPUS),
    reason="torch.distributed with the gloo backend is not in this torch build",
)
@pytest.mark.skipif(GPUS == 1, reason="one visible GPU: DDP needs two or more")
def test_ddp_over_all_processes(tracking: Tracking, started: dict[str, Training]) -> None:
    trained = started["torchrun"].wait()
    run = tracking.client.get_run(trained.run_id)
    assert f" world_size={DDP_PROCS} " in trained.output
    assert run.info.status == "FINISHED"
    assert f"device={DEVICE}" in trained.output

    # Each rank takes its share of each epoch; rank 0 logs the loss averaged over all, per step.
    per_epoch = STEPS_PER_EPOCH // DDP_PROCS
    losses = tracking.history(trained.run_id, "train_loss")
    assert [step for step, _ in losses] == list(range(1, 2 * per_epoch + 1))
    assert all(math.isfinite(loss) for _, loss in losses)
    val_auc_steps = [step for step, _ in tracking.history(trained.run_id, "val_auc")]
    assert val_auc_steps == [per_epoch, 2 * per_epoch]
    val_loss = tracking.history(trained.run_id, "val_loss")
    assert val_loss[1][1] < val_loss[0][1]
    assert run.data.metrics["val_auc"] > 0.7
    assert trained.output.count("epoch 2/2 val_loss=") == 1  # only rank 0 prints
    assert trained.checkpoint()["epoch"] == 2
    assert trained.metrics_json["global_step"] == 2 * per_epoch
