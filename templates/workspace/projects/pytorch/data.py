"""Synthetic card-transaction data: a fraud-like binary task with a known rule plus noise.

Replace this module with your own data loading; `train.py` only needs `make_splits`,
`FEATURES` and `make_loader`.
"""

from __future__ import annotations

import math

import torch
from torch.utils.data import DataLoader, Dataset, DistributedSampler, Subset, TensorDataset

FEATURES: tuple[str, ...] = (
    "amount",  # transaction amount in dollars (log-normal)
    "hour",  # hour of day, 0-24
    "distance_km",  # distance from the card holder's home
    "txn_count_24h",  # transactions on the card in the last 24 hours
    "account_age_days",
    "merchant_risk",  # 0-1 score of the merchant category
    "is_foreign",  # 0/1
    "card_present",  # 0/1
)
N_FEATURES = len(FEATURES)

# Fraction of labels flipped at random, so that no model can be perfect.
LABEL_NOISE = 0.01


def fraud_logit(x: torch.Tensor) -> torch.Tensor:
    """The ground-truth log-odds of fraud for raw features `x` of shape (N, N_FEATURES)."""
    amount, hour, distance, count, age, risk, foreign, present = x.unbind(dim=1)
    night = ((hour < 6) | (hour >= 23)).float()
    return (
        -7.0
        + 2.2 * (torch.log(amount) - 3.5)
        + 2.8 * night
        + 2.4 * torch.log1p(distance / 50.0)
        + 0.5 * count
        - 1.6 * torch.log1p(age / 365.0)
        + 6.0 * risk
        + 4.4 * foreign * (1.0 - present)  # card-not-present abroad: an interaction to learn
        - 2.0 * present
    )


def make_features(n: int, generator: torch.Generator) -> torch.Tensor:
    def rand(*shape: int) -> torch.Tensor:
        return torch.rand(*shape, generator=generator)

    amount = torch.exp(3.5 + 1.0 * torch.randn(n, generator=generator))
    hour = 24.0 * rand(n)
    distance = -20.0 * torch.log1p(-rand(n))  # exponential, mean 20 km
    count = torch.poisson(torch.full((n,), 3.0), generator=generator)
    age = -700.0 * torch.log1p(-rand(n))  # exponential, mean ~2 years
    risk = rand(n) * rand(n)  # skewed towards low risk
    foreign = (rand(n) < 0.12).float()
    present = (rand(n) < 0.65).float()
    return torch.stack([amount, hour, distance, count, age, risk, foreign, present], dim=1)


def make_dataset(n: int, seed: int) -> TensorDataset:
    """`n` labelled transactions; the same `seed` always gives the same data."""
    generator = torch.Generator().manual_seed(seed)
    x = make_features(n, generator)
    y = torch.bernoulli(torch.sigmoid(fraud_logit(x)), generator=generator)
    flip = torch.rand(n, generator=generator) < LABEL_NOISE
    y = torch.where(flip, 1.0 - y, y)
    return TensorDataset(x, y)


def make_splits(train_size: int, val_size: int, seed: int) -> tuple[TensorDataset, TensorDataset]:
    # Separate streams, so that the validation set does not change with --train-size.
    return make_dataset(train_size, 2 * seed), make_dataset(val_size, 2 * seed + 1)


def make_loader(
    dataset: Dataset,
    batch_size: int,
    *,
    train: bool,
    rank: int = 0,
    world_size: int = 1,
    seed: int = 0,
) -> DataLoader:
    """A loader over this rank's shard.

    Training shuffles with a DistributedSampler (call `loader.sampler.set_epoch(epoch)`): the
    order depends only on (seed, epoch), which is what makes a resumed run identical to an
    uninterrupted one. Evaluation takes every world_size-th example without padding, so that
    gathering the shards gives each validation example exactly once.
    """
    if train:
        sampler = DistributedSampler(
            dataset, num_replicas=world_size, rank=rank, shuffle=True, seed=seed
        )
        return DataLoader(dataset, batch_size=batch_size, sampler=sampler)
    shard = Subset(dataset, range(rank, len(dataset), world_size))  # type: ignore[arg-type]
    return DataLoader(shard, batch_size=batch_size, shuffle=False)


def steps_per_epoch(dataset_size: int, batch_size: int, world_size: int, limit: int = 0) -> int:
    steps = math.ceil(math.ceil(dataset_size / world_size) / batch_size)
    return min(steps, limit) if limit > 0 else steps
