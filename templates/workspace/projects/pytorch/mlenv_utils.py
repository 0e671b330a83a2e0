"""What train.py needs beyond PyTorch: the launcher's options and environment, the precision,
checkpoint files and MLflow logging. Nothing here knows the data, the model or the loop.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import mlflow
import torch
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient
from torch import nn

PRECISIONS = ("fp32", "bf16", "fp16")
# train.py's options that may differ between the run that wrote a checkpoint and the one resuming.
RESUMABLE_CHANGES = frozenset({"epochs", "log_every"})
MLFLOW_BATCH_LIMIT = 1000  # metrics per log_batch request


# ---------------------------------------------------------------------------------------------
# Command line and environment


def bounded(
    kind: type, minimum: float, *, inclusive: bool = True, below: float | None = None
) -> Callable[[str], Any]:
    """An argparse type: `kind(text)`, at least (not inclusive: above) `minimum`, under `below`."""

    def parse(text: str) -> Any:
        value = kind(text)
        if value < minimum or (value == minimum and not inclusive):
            bound = ">=" if inclusive else ">"
            raise argparse.ArgumentTypeError(f"expected a number {bound} {minimum}, got {text}")
        if below is not None and value >= below:
            raise argparse.ArgumentTypeError(f"expected a number < {below}, got {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in "invalid int value" errors
    return parse


def parse_train_params(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None
) -> argparse.Namespace:
    """Parses the options the launcher makes of train.params; an unknown one names mlenv.yaml."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parser.error(
            f"unknown option(s) {' '.join(unknown)}: every key of train.params in mlenv.yaml "
            f"must be an option of {parser.prog} (see python {parser.prog} --help)"
        )
    return args


@dataclass(frozen=True)
class RunEnv:
    """What the MLEnv launcher tells the trainer; defaults make a standalone run work."""

    output_dir: Path
    checkpoint_dir: Path
    precision: str
    attempt: str | None
    run_name: str | None
    has_launcher_run: bool  # MLFLOW_RUN_ID names a run created by the launcher

    @classmethod
    def from_environ(cls, environ: dict[str, str] | os._Environ[str] = os.environ) -> RunEnv:
        output_dir = Path(environ.get("MLENV_OUTPUT_DIR") or "outputs")
        precision = (environ.get("MLENV_PRECISION") or "fp32").strip().lower()
        if precision not in PRECISIONS:
            raise SystemExit(
                f"MLENV_PRECISION: expected one of {', '.join(PRECISIONS)}, found {precision!r}"
            )
        return cls(
            output_dir=output_dir,
            checkpoint_dir=Path(environ.get("MLENV_CHECKPOINT_DIR") or output_dir / "checkpoints"),
            precision=precision,
            attempt=environ.get("MLENV_ATTEMPT"),
            run_name=environ.get("MLENV_RUN_NAME"),
            has_launcher_run=bool(environ.get("MLFLOW_RUN_ID")),
        )


@dataclass(frozen=True)
class Precision:
    name: str  # what training actually uses
    autocast_dtype: torch.dtype | None
    grad_scaler: bool
    note: str | None = None  # why it differs from what was requested

    def autocast(self, device: torch.device) -> AbstractContextManager[Any]:
        if self.autocast_dtype is None:
            return nullcontext()
        return torch.autocast(device.type, dtype=self.autocast_dtype)


def resolve_precision(requested: str, device: torch.device) -> Precision:
    if requested == "bf16" and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        return Precision("fp32", None, False, "bf16: this GPU has no bf16 support; using fp32")
    if requested == "bf16":
        return Precision("bf16", torch.bfloat16, grad_scaler=False)
    if requested == "fp16" and device.type == "cuda":
        return Precision("fp16", torch.float16, grad_scaler=True)
    if requested == "fp16":
        note = "fp16: mixed precision with loss scaling needs CUDA; using bf16 autocast on CPU"
        return Precision("bf16", torch.bfloat16, False, note)
    return Precision("fp32", None, grad_scaler=False)


# ---------------------------------------------------------------------------------------------
# Checkpoints


def save_atomic(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Writes a temporary file and renames it, so a preempted job never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def save_metrics(env: RunEnv, metrics: dict[str, Any]) -> None:
    """The final metrics, as MLENV_OUTPUT_DIR/metrics.json."""
    text = json.dumps(metrics, indent=2).encode() + b"\n"
    save_atomic(env.output_dir / "metrics.json", lambda f: f.write(text))


def save_checkpoint(
    path: Path, state: dict[str, Any], args: argparse.Namespace | None = None
) -> None:
    """Saves `state` atomically, with the options `args` that a resume must match."""
    config = {} if args is None else {"config": resume_config(args)}
    save_atomic(path, lambda f: torch.save(state | config, f))


def load_checkpoint(
    path: Path, device: torch.device, args: argparse.Namespace | None = None
) -> dict[str, Any] | None:
    """The checkpoint at `path`, if any; with `args`, refused when written with other options."""
    if not path.exists():
        return None
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    if args is not None:
        check_resumable(checkpoint["config"], resume_config(args), path)
    return checkpoint


def resume_config(args: argparse.Namespace) -> dict[str, Any]:
    """The options a checkpoint must have been written with to be resumed."""
    return {k: v for k, v in sorted(vars(args).items()) if k not in RESUMABLE_CHANGES}


def check_resumable(saved: dict[str, Any], current: dict[str, Any], path: Path) -> None:
    changed = [
        f"--{key.replace('_', '-')} {saved.get(key)} -> {current.get(key)}"
        for key in sorted(saved.keys() | current.keys())
        if saved.get(key) != current.get(key)
    ]
    if changed:
        raise SystemExit(
            f"{path} was written with other options ({'; '.join(changed)}); resuming would mix "
            "two different runs. Delete it or point MLENV_CHECKPOINT_DIR elsewhere."
        )


# ---------------------------------------------------------------------------------------------
# MLflow


@contextmanager
def tracking(env: RunEnv, args: argparse.Namespace, rank: int = 0) -> Iterator[Tracker]:
    """Rank 0's tracker of the MLflow run: with MLFLOW_RUN_ID set, the launcher's run (which holds
    the params already); standalone, a new run, given the options as params here. Other ranks
    get a tracker that logs nothing."""
    if rank != 0:
        yield Tracker(None)
        return
    with mlflow.start_run(run_name=None if env.has_launcher_run else env.run_name) as run:
        if not env.has_launcher_run:
            mlflow.log_params({k.replace("_", "-"): v for k, v in vars(args).items()})
        yield Tracker(run.info.run_id)


class Tracker:
    """Logs to the active MLflow run on rank 0; `Tracker(None)`, on other ranks, does nothing."""

    def __init__(self, run_id: str | None) -> None:
        self.run_id = run_id
        self.client = MlflowClient() if run_id else None

    def log_steps(self, key: str, points: Sequence[tuple[int, float, int]]) -> None:
        """Logs (step, value, timestamp_ms) points in batched requests."""
        if self.client is None or self.run_id is None:
            return
        metrics = [Metric(key, value, timestamp, step) for step, value, timestamp in points]
        for start in range(0, len(metrics), MLFLOW_BATCH_LIMIT):
            self.client.log_batch(self.run_id, metrics=metrics[start : start + MLFLOW_BATCH_LIMIT])

    def log_metrics(self, metrics: dict[str, float], step: int) -> None:
        if self.run_id is not None:
            mlflow.log_metrics(metrics, step=step)

    def log_model(self, scorer: nn.Module, example: torch.Tensor, step: int) -> None:
        """Logs a CPU, fp32 copy of `scorer` (a module that maps features to predictions).

        The pt2 format (torch.export) needs no Python code of this project at serving time. Its
        weights stay on the CPU: a server on a GPU host sets MLFLOW_DEFAULT_PREDICTION_DEVICE=cpu.
        """
        if self.run_id is None:
            return
        import mlflow.pytorch  # noqa: PLC0415 - slow to import; only rank 0 needs it, once
        from mlflow.models import infer_signature  # noqa: PLC0415

        scorer = copy.deepcopy(scorer).to("cpu", torch.float32).eval()
        inputs = example.to("cpu", torch.float32).numpy()
        with torch.no_grad():
            outputs = scorer(torch.from_numpy(inputs)).numpy()
        mlflow.pytorch.log_model(
            scorer,
            name="model",
            input_example=inputs,
            signature=infer_signature(inputs, outputs),
            serialization_format="pt2",
            # Explicit, so that MLflow skips inferring them in a subprocess.
            pip_requirements=[
                f"torch=={torch.__version__.split('+')[0]}",
                f"mlflow=={mlflow.__version__}",
            ],
            step=step,
        )
