"""Train the fraud classifier: `python train.py`, or `torchrun --nproc-per-node 2 train.py`.

A native PyTorch loop with DDP; MLEnv's side of the contract is in mlenv_utils.py (README.md).
"""

import argparse
import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

import data
import mlenv_utils as mlenv
from metrics import all_gather, roc_auc
from model import FraudMLP, Scorer


class World(NamedTuple):
    rank: int
    local_rank: int
    size: int
    device: torch.device


def ddp_setup() -> World:
    """One process per device; torchrun sets RANK, LOCAL_RANK and WORLD_SIZE."""
    rank, size = int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
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
    if size > 1 and device.type == "cuda":
        dist.init_process_group(backend="nccl", device_id=device)
    elif size > 1:
        dist.init_process_group(backend="gloo")
    return World(rank, local_rank, size, device)


def make_cuda_deterministic() -> None:
    """Bitwise-reproducible steps, for exact resumption; call before the first CUDA matmul."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False


class Trainer:
    def __init__(
        self, args: argparse.Namespace, env: mlenv.RunEnv, world: World, tracker: mlenv.Tracker
    ):
        self.args, self.env, self.world, self.tracker = args, env, world, tracker
        self.precision = mlenv.resolve_precision(env.precision, world.device)
        self.say(
            f"device={world.device} world_size={world.size} precision={self.precision.name} "
            f"checkpoints={env.checkpoint_dir}" + (f" attempt={env.attempt}" if env.attempt else "")
        )
        if self.precision.note:
            self.say(f"note: {self.precision.note}")
        torch.manual_seed(args.seed)
        self.train_set, self.val_set = data.make_splits(args.train_size, args.val_size, args.seed)
        self.model = FraudMLP(data.N_FEATURES, hidden=args.hidden, dropout=args.dropout)
        self.model.set_normalization(self.train_set.tensors[0])
        self.model.to(world.device)
        self.optimizer = torch.optim.SGD(
            self.model.parameters(),
            lr=args.lr,
            momentum=args.momentum,
            nesterov=args.momentum > 0,
            weight_decay=args.weight_decay,
        )
        # Per epoch, and independent of --epochs: resuming with a larger --epochs stays exact.
        self.scheduler = torch.optim.lr_scheduler.ExponentialLR(self.optimizer, args.lr_decay)
        self.scaler = torch.amp.GradScaler(world.device.type, enabled=self.precision.grad_scaler)
        self.epochs_run, self.global_step, self.metrics = 0, 0, {}
        self.checkpoint_path = env.checkpoint_dir / "last.pt"
        checkpoint = mlenv.load_checkpoint(self.checkpoint_path, world.device, args)
        if checkpoint is not None:
            self._resume(checkpoint)
        ids = [world.device.index] if world.device.type == "cuda" else None
        self.net = DistributedDataParallel(self.model, ids) if world.size > 1 else self.model
        shard = {"rank": world.rank, "world_size": world.size, "seed": args.seed}
        self.train_loader = data.make_loader(self.train_set, args.batch_size, train=True, **shard)
        self.val_loader = data.make_loader(self.val_set, 4 * args.batch_size, train=False, **shard)
        self.steps = data.steps_per_epoch(
            len(self.train_set), args.batch_size, world.size, args.steps_per_epoch
        )

    def _resume(self, checkpoint: dict[str, Any]) -> None:
        self.model.load_state_dict(checkpoint["model"])
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.scheduler.load_state_dict(checkpoint["scheduler"])
        if checkpoint["scaler"] and self.precision.grad_scaler:
            self.scaler.load_state_dict(checkpoint["scaler"])
        self.epochs_run, self.global_step = checkpoint["epoch"], checkpoint["global_step"]
        self.metrics = checkpoint["metrics"]
        self.say(f"resumed from epoch {self.epochs_run}")

    def _save_checkpoint(self) -> None:
        state = {"epoch": self.epochs_run, "global_step": self.global_step, "metrics": self.metrics}
        for name in ("model", "optimizer", "scheduler", "scaler"):
            state[name] = getattr(self, name).state_dict()
        mlenv.save_checkpoint(self.checkpoint_path, state, self.args)

    def say(self, message: str) -> None:
        if self.world.rank == 0:
            print(message, flush=True)

    def _run_batch(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        with self.precision.autocast(self.world.device):
            loss = F.binary_cross_entropy_with_logits(self.net(x).float(), y)
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss.detach()

    def _flush_losses(self, pending: list[tuple[int, torch.Tensor, int]]) -> list[float]:
        # Averaged over ranks in one collective and one host sync, not an all_reduce per step.
        losses = torch.stack([loss for _, loss, _ in pending])
        if self.world.size > 1:
            dist.all_reduce(losses)
            losses /= self.world.size
        values = losses.tolist()
        points = [(step, v, ts) for (step, _, ts), v in zip(pending, values, strict=True)]
        self.tracker.log_steps("train_loss", points)
        pending.clear()
        return values

    def _run_epoch(self, epoch: int) -> float:
        # Seeded by (seed, epoch, rank): a resumed run draws the dropout masks of an uninterrupted
        # one, with no RNG state in the checkpoint, even on another number of ranks.
        torch.manual_seed(self.args.seed * 1_000_003 + epoch * 1_009 + self.world.rank)
        assert isinstance(self.train_loader.sampler, DistributedSampler)
        self.train_loader.sampler.set_epoch(epoch)
        self.net.train()
        pending: list[tuple[int, torch.Tensor, int]] = []
        losses: list[float] = []
        for i, batch in enumerate(itertools.islice(self.train_loader, self.steps), start=1):
            x, y = (t.to(self.world.device, non_blocking=True) for t in batch)
            self.global_step += 1
            pending.append((self.global_step, self._run_batch(x, y), int(time.time() * 1000)))
            if len(pending) == self.args.log_every or i == self.steps:
                flushed = self._flush_losses(pending)
                losses += flushed
                self.say(
                    f"epoch {epoch + 1}/{self.args.epochs} step {self.global_step} "
                    f"train_loss={sum(flushed) / len(flushed):.4f}"
                )
        self.scheduler.step()
        return sum(losses) / max(len(losses), 1)

    @torch.no_grad()
    def _evaluate(self) -> dict[str, float]:
        self.model.eval()
        device = self.world.device
        logits, labels = [torch.empty(0, device=device)], [torch.empty(0, device=device)]
        for x, y in self.val_loader:
            with self.precision.autocast(device):
                logits.append(self.model(x.to(device)).float())
            labels.append(y.to(device))
        logits, labels = (all_gather(torch.cat(t), self.world.size) for t in (logits, labels))
        return {
            "val_loss": F.binary_cross_entropy_with_logits(logits, labels).item(),
            "val_auc": roc_auc(logits, labels),
        }

    def train(self) -> dict[str, Any]:
        args, env = self.args, self.env
        if self.epochs_run >= args.epochs:
            self.say(f"nothing to train: {self.epochs_run} of {args.epochs} epochs are done")
            # So that this run, too, ends with the final metrics (a retry may log them twice).
            self.tracker.log_metrics(self.metrics, step=self.global_step)
        for epoch in range(self.epochs_run, args.epochs):
            started = time.perf_counter()
            train_loss = self._run_epoch(epoch)
            val = self._evaluate()
            self.metrics = {"train_loss_epoch": train_loss, **val, "epoch": epoch + 1}
            self.epochs_run = epoch + 1
            self.tracker.log_metrics(self.metrics, step=self.global_step)
            self.say(
                f"epoch {epoch + 1}/{args.epochs} val_loss={val['val_loss']:.4f} "
                f"val_auc={val['val_auc']:.4f} ({time.perf_counter() - started:.1f}s)"
            )
            if self.world.rank == 0:
                self._save_checkpoint()

        final = {**self.metrics, "global_step": self.global_step}
        if self.world.rank == 0:
            mlenv.save_metrics(env, final)
            example = self.val_set.tensors[0][:5]
            self.tracker.log_model(Scorer(self.model), example, step=self.global_step)
            self.say("final " + " ".join(f"{k}={v:.4g}" for k, v in final.items()))
        if dist.is_initialized():
            # Ranks leave together, or gloo may abort while rank 0 still logs the model.
            dist.barrier()
        return final


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=Path(__file__).name,
        description="Train the fraud classifier. Keys of train.params in mlenv.yaml are "
        "passed as these options.",
        allow_abbrev=False,  # `--epoch 3` must be an error, not a silent `--epochs 3`
    )
    add, bounded = parser.add_argument, mlenv.bounded
    positive = bounded(float, 0, inclusive=False)
    add("--epochs", type=bounded(int, 1), default=3, help="total epochs, counting resumed ones")
    add("--lr", type=positive, default=0.05, help="initial learning rate")
    add("--lr-decay", type=positive, default=0.7, help="lr factor per epoch")
    add("--momentum", type=bounded(float, 0), default=0.9, help="SGD (Nesterov) momentum")
    add("--batch-size", type=bounded(int, 1), default=64, help="examples per step per process")
    add("--steps-per-epoch", type=bounded(int, 0), default=0, help="cap per epoch; 0: no cap")
    add("--hidden", type=bounded(int, 1), default=64, help="width of the hidden layers")
    add("--dropout", type=bounded(float, 0, below=1), default=0.1, help="dropout rate, in [0, 1)")
    add("--weight-decay", type=bounded(float, 0), default=1e-4, help="L2 penalty")
    add("--seed", type=bounded(int, 0), default=0, help="seeds data, initialization, shuffling")
    add("--train-size", type=bounded(int, 1), default=8192, help="synthetic training examples")
    add("--val-size", type=bounded(int, 1), default=2048, help="synthetic validation examples")
    add("--log-every", type=bounded(int, 1), default=20, help="steps between progress lines")
    return mlenv.parse_train_params(parser, argv)


def main(argv: Sequence[str] | None = None) -> None:
    args, env, world = parse_args(argv), mlenv.RunEnv.from_environ(), ddp_setup()
    try:
        with mlenv.tracking(env, args, rank=world.rank) as tracker:
            Trainer(args, env, world, tracker).train()
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
