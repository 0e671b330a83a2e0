"""Train the fraud classifier with a native PyTorch loop, following MLEnv's training contract.

Run by hand with `python train.py` (or `torchrun --nproc-per-node 2 train.py`); under
`mlenv train` the launcher passes train.params as options and sets the MLENV_* and MLflow
variables. See README.md.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlflow
import torch
import torch.distributed as dist
import torch.nn.functional as F
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler

import data
from metrics import roc_auc
from model import FraudMLP, Scorer

CHECKPOINT_NAME = "last.pt"
PRECISIONS = ("fp32", "bf16", "fp16")
# Options that may differ between the run that wrote a checkpoint and the run resuming it.
RESUMABLE_CHANGES = frozenset({"epochs", "log_every"})
MLFLOW_BATCH_LIMIT = 1000  # metrics per log_batch request


# ---------------------------------------------------------------------------------------------
# Configuration: command line and environment


def _number(kind: type, minimum: float, *, inclusive: bool = True) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if value < minimum or (value == minimum and not inclusive):
            bound = ">=" if inclusive else ">"
            raise argparse.ArgumentTypeError(f"expected a number {bound} {minimum}, got {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in "invalid int value" errors
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Train the fraud classifier. Keys of train.params in mlenv.yaml are "
        "passed as these options.",
        allow_abbrev=False,  # `--epoch 3` must be an error, not a silent `--epochs 3`
    )
    add = parser.add_argument
    add("--epochs", type=_number(int, 1), default=3, help="total epochs, counting resumed ones")
    add("--lr", type=_number(float, 0, inclusive=False), default=0.05, help="initial learning rate")
    add("--lr-decay", type=_number(float, 0, inclusive=False), default=0.7, help="lr factor/epoch")
    add("--momentum", type=_number(float, 0), default=0.9, help="SGD (Nesterov) momentum")
    add("--batch-size", type=_number(int, 1), default=64, help="examples per step per process")
    add("--steps-per-epoch", type=_number(int, 0), default=0, help="cap per epoch; 0: no cap")
    add("--hidden", type=_number(int, 1), default=64, help="width of the hidden layers")
    add("--dropout", type=_number(float, 0), default=0.1, help="dropout rate, in [0, 1)")
    add("--weight-decay", type=_number(float, 0), default=1e-4, help="L2 penalty")
    add("--seed", type=_number(int, 0), default=0, help="seeds data, initialization, shuffling")
    add("--train-size", type=_number(int, 1), default=8192, help="synthetic training examples")
    add("--val-size", type=_number(int, 1), default=2048, help="synthetic validation examples")
    add("--log-every", type=_number(int, 1), default=20, help="steps between progress lines")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parser.error(
            f"unknown option(s) {' '.join(unknown)}: every key of train.params in mlenv.yaml "
            "must be an option of train.py (see python train.py --help)"
        )
    if args.dropout >= 1:
        parser.error(f"argument --dropout: expected a number < 1, got {args.dropout}")
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


# ---------------------------------------------------------------------------------------------
# Devices, processes, precision


@dataclass(frozen=True)
class World:
    rank: int
    local_rank: int
    size: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1


def setup_world() -> World:
    """One process per device; torchrun sets RANK, LOCAL_RANK and WORLD_SIZE."""
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if torch.cuda.is_available():
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
        make_cuda_deterministic()
    else:
        device = torch.device("cpu")
        if "OMP_NUM_THREADS" not in os.environ:
            # This model is far too small to gain from intra-op threads, and on a busy machine
            # their synchronization costs many times the work (seen: 70x slower with 2 threads).
            torch.set_num_threads(1)
    if size > 1:
        if device.type == "cuda":
            dist.init_process_group(backend="nccl", device_id=device)
        else:
            dist.init_process_group(backend="gloo")
    return World(rank=rank, local_rank=local_rank, size=size, device=device)


def make_cuda_deterministic() -> None:
    """Exact resumption needs bitwise-reproducible steps (the CPU kernels used here already are).

    Call before the first CUDA matmul, which creates the cuBLAS handle.
    """
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False


@dataclass(frozen=True)
class Precision:
    name: str  # what training actually uses
    autocast_dtype: torch.dtype | None
    grad_scaler: bool
    note: str | None = None  # why it differs from what was requested

    def autocast(self, device: torch.device) -> AbstractContextManager[Any]:
        return torch.autocast(
            device.type, dtype=self.autocast_dtype, enabled=self.autocast_dtype is not None
        )


def resolve_precision(requested: str, device: torch.device) -> Precision:
    if requested == "fp32":
        return Precision("fp32", None, grad_scaler=False)
    if requested == "bf16":
        if device.type == "cuda" and not torch.cuda.is_bf16_supported():
            return Precision("fp32", None, False, "bf16: this GPU has no bf16 support; using fp32")
        return Precision("bf16", torch.bfloat16, grad_scaler=False)
    if requested == "fp16":
        if device.type == "cuda":
            return Precision("fp16", torch.float16, grad_scaler=True)
        return Precision(
            "bf16",
            torch.bfloat16,
            grad_scaler=False,
            note="fp16: mixed precision with loss scaling needs CUDA; using bf16 autocast on CPU",
        )
    raise ValueError(f"unknown precision {requested!r}; expected one of {', '.join(PRECISIONS)}")


# ---------------------------------------------------------------------------------------------
# Checkpoints


def save_atomic(path: Path, write: Any) -> None:
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


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    save_atomic(path, lambda f: torch.save(state, f))


def load_checkpoint(path: Path, device: torch.device) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return torch.load(path, map_location=device, weights_only=True)


def resume_config(args: argparse.Namespace) -> dict[str, Any]:
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
# Tracking


class Tracker:
    """Logs to the active MLflow run on rank 0; on other ranks every call does nothing."""

    def __init__(self, run_id: str | None) -> None:
        self.run_id = run_id
        self.client = MlflowClient() if run_id else None

    def log_params(self, params: dict[str, Any]) -> list[str]:
        """Logs the params not yet logged; returns notes on values that differ (MLflow keeps the
        first value of a param, and a retried or resumed run logs them again)."""
        if self.client is None or self.run_id is None:
            return []
        logged = self.client.get_run(self.run_id).data.params
        new = {k: str(v) for k, v in params.items() if k not in logged}
        if new:
            mlflow.log_params(new)
        return [
            f"param {k} stays {logged[k]} in MLflow (this attempt: {v})"
            for k, v in params.items()
            if k in logged and logged[k] != str(v)
        ]

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

    def log_model(self, model: FraudMLP, example: torch.Tensor, step: int) -> None:
        """Logs a CPU, fp32 copy that maps raw features to fraud probabilities.

        The pt2 format (torch.export) needs no Python code of this project at serving time. Its
        weights stay on the CPU: a server on a GPU host sets MLFLOW_DEFAULT_PREDICTION_DEVICE=cpu.
        """
        if self.run_id is None:
            return
        import mlflow.pytorch  # noqa: PLC0415 - slow to import; only rank 0 needs it, once
        from mlflow.models import infer_signature  # noqa: PLC0415

        scorer = Scorer(copy.deepcopy(model)).to("cpu", torch.float32).eval()
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


def say(world: World, message: str) -> None:
    if world.is_main:
        print(message, flush=True)


# ---------------------------------------------------------------------------------------------
# Training


def all_mean(values: torch.Tensor, world: World) -> torch.Tensor:
    if world.distributed:
        values = values.clone()
        dist.all_reduce(values)
        values /= world.size
    return values


def all_gather(values: torch.Tensor, world: World) -> torch.Tensor:
    """Concatenates every rank's 1-D tensor, whose lengths may differ, in rank order."""
    if not world.distributed:
        return values
    length = torch.tensor([values.numel()], device=values.device)
    lengths = [torch.zeros_like(length) for _ in range(world.size)]
    dist.all_gather(lengths, length)
    padded = torch.zeros(int(max(lengths)), dtype=values.dtype, device=values.device)
    padded[: values.numel()] = values
    parts = [torch.empty_like(padded) for _ in range(world.size)]
    dist.all_gather(parts, padded)
    return torch.cat([part[: int(n)] for part, n in zip(parts, lengths, strict=True)])


@torch.no_grad()
def evaluate(
    model: nn.Module, loader: DataLoader, world: World, precision: Precision
) -> dict[str, float]:
    model.eval()
    logits, labels = [torch.empty(0, device=world.device)], [torch.empty(0, device=world.device)]
    for x, y in loader:
        with precision.autocast(world.device):
            logits.append(model(x.to(world.device)).float())
        labels.append(y.to(world.device))
    all_logits = all_gather(torch.cat(logits), world)
    all_labels = all_gather(torch.cat(labels), world)
    return {
        "val_loss": F.binary_cross_entropy_with_logits(all_logits, all_labels).item(),
        "val_auc": roc_auc(all_logits, all_labels),
    }


def epoch_seed(seed: int, epoch: int, rank: int) -> int:
    # Reseeding each epoch from (seed, epoch, rank) makes dropout masks independent of where a
    # run was interrupted, so a resumed run equals an uninterrupted one without per-rank RNG
    # state in the checkpoint, and still does when a retry runs on a different number of ranks.
    return seed * 1_000_003 + epoch * 1_009 + rank


def flush_losses(
    pending: list[tuple[int, torch.Tensor, int]], world: World, tracker: Tracker
) -> list[float]:
    """Logs the pending per-step losses, averaged over ranks, and empties `pending`.

    One collective and one host sync per flush, instead of an all-reduce and a .item() per step.
    """
    losses = all_mean(torch.stack([loss for _, loss, _ in pending]), world).tolist()
    tracker.log_steps(
        "train_loss",
        [(step, loss, ts) for (step, _, ts), loss in zip(pending, losses, strict=True)],
    )
    pending.clear()
    return losses


def train(args: argparse.Namespace, env: RunEnv, world: World, tracker: Tracker) -> dict[str, Any]:
    precision = resolve_precision(env.precision, world.device)
    say(
        world,
        f"device={world.device} world_size={world.size} precision={precision.name} "
        f"checkpoints={env.checkpoint_dir}" + (f" attempt={env.attempt}" if env.attempt else ""),
    )
    if precision.note:
        say(world, f"note: {precision.note}")

    torch.manual_seed(args.seed)
    train_set, val_set = data.make_splits(args.train_size, args.val_size, args.seed)
    model = FraudMLP(data.N_FEATURES, hidden=args.hidden, dropout=args.dropout)
    model.set_normalization(train_set.tensors[0])
    model.to(world.device)
    optimizer = torch.optim.SGD(
        model.parameters(),
        lr=args.lr,
        momentum=args.momentum,
        nesterov=args.momentum > 0,
        weight_decay=args.weight_decay,
    )
    # Per epoch, and independent of --epochs: resuming with a larger --epochs stays exact.
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.lr_decay)
    scaler = torch.amp.GradScaler(world.device.type, enabled=precision.grad_scaler)

    checkpoint_path = env.checkpoint_dir / CHECKPOINT_NAME
    start_epoch, global_step, last_metrics = 0, 0, {}
    checkpoint = load_checkpoint(checkpoint_path, world.device)
    if checkpoint is not None:
        check_resumable(checkpoint["config"], resume_config(args), checkpoint_path)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        if checkpoint["scaler"] and precision.grad_scaler:
            scaler.load_state_dict(checkpoint["scaler"])
        start_epoch, global_step = checkpoint["epoch"], checkpoint["global_step"]
        last_metrics = checkpoint["metrics"]
        say(world, f"resumed from epoch {start_epoch}")

    # Named as in train.params, so that they coincide with what the launcher may log.
    params = {k.replace("_", "-"): v for k, v in vars(args).items()}
    params |= {"precision": precision.name, "world-size": world.size}
    for note in tracker.log_params(params):
        say(world, f"note: {note}")

    net: nn.Module = model
    if world.distributed:
        net = DistributedDataParallel(
            model, device_ids=[world.device.index] if world.device.type == "cuda" else None
        )
    loader_args = {"rank": world.rank, "world_size": world.size, "seed": args.seed}
    train_loader = data.make_loader(train_set, args.batch_size, train=True, **loader_args)
    val_loader = data.make_loader(val_set, 4 * args.batch_size, train=False, **loader_args)
    steps = data.steps_per_epoch(len(train_set), args.batch_size, world.size, args.steps_per_epoch)

    if start_epoch >= args.epochs:
        say(world, f"nothing to train: the checkpoint has {start_epoch} of --epochs {args.epochs}")
        # So that this run, too, ends with the final metrics (a retry may log them twice).
        tracker.log_metrics(last_metrics, step=global_step)
    for epoch in range(start_epoch, args.epochs):
        started = time.perf_counter()
        torch.manual_seed(epoch_seed(args.seed, epoch, world.rank))
        assert isinstance(train_loader.sampler, DistributedSampler)
        train_loader.sampler.set_epoch(epoch)
        net.train()
        pending: list[tuple[int, torch.Tensor, int]] = []  # (step, loss, timestamp)
        epoch_losses: list[float] = []
        for i, batch in enumerate(itertools.islice(train_loader, steps), start=1):
            x, y = (t.to(world.device, non_blocking=True) for t in batch)
            with precision.autocast(world.device):
                loss = F.binary_cross_entropy_with_logits(net(x).float(), y)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            global_step += 1
            pending.append((global_step, loss.detach(), int(time.time() * 1000)))
            if len(pending) == args.log_every or i == steps:
                losses = flush_losses(pending, world, tracker)
                epoch_losses += losses
                say(
                    world,
                    f"epoch {epoch + 1}/{args.epochs} step {global_step} "
                    f"train_loss={sum(losses) / len(losses):.4f}",
                )

        scheduler.step()
        val = evaluate(model, val_loader, world, precision)
        last_metrics = {
            "train_loss_epoch": sum(epoch_losses) / max(len(epoch_losses), 1),
            **val,
            "epoch": epoch + 1,
        }
        tracker.log_metrics(last_metrics, step=global_step)
        say(
            world,
            f"epoch {epoch + 1}/{args.epochs} val_loss={val['val_loss']:.4f} "
            f"val_auc={val['val_auc']:.4f} ({time.perf_counter() - started:.1f}s)",
        )
        if world.is_main:
            save_checkpoint(
                checkpoint_path,
                {
                    "epoch": epoch + 1,
                    "global_step": global_step,
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "scaler": scaler.state_dict(),
                    "config": resume_config(args),
                    "metrics": last_metrics,
                },
            )

    final = {**last_metrics, "global_step": global_step}
    if world.is_main:
        save_atomic(
            env.output_dir / "metrics.json",
            lambda f: f.write(json.dumps(final, indent=2).encode() + b"\n"),
        )
        tracker.log_model(model, val_set.tensors[0][:5], step=global_step)
        say(world, "final " + " ".join(f"{k}={v:.4g}" for k, v in final.items()))
    if dist.is_initialized():
        # Ranks leave together: one that tears down its process group while rank 0 is still
        # logging the model can abort gloo's threads ("terminate called without an active
        # exception").
        dist.barrier()
    return final


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    env = RunEnv.from_environ()
    world = setup_world()
    try:
        if world.is_main:
            # With MLFLOW_RUN_ID set, start_run() continues the launcher's run.
            run_name = None if env.has_launcher_run else env.run_name
            with mlflow.start_run(run_name=run_name) as run:
                train(args, env, world, Tracker(run.info.run_id))
        else:
            train(args, env, world, Tracker(None))
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
