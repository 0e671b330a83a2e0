"""Evaluation metrics in plain torch (no scikit-learn in the shared environment)."""

from __future__ import annotations

from typing import Any

import torch
import torch.distributed as dist


def all_gather(values: torch.Tensor, world_size: int) -> torch.Tensor:
    """Every rank's 1-D tensor (their lengths may differ) concatenated in rank order, so that a
    metric over all ranks' shards of the validation set sees each example once."""
    if world_size == 1:
        return values
    parts: list[Any] = [None] * world_size
    dist.all_gather_object(parts, values.cpu())
    return torch.cat(parts).to(values.device)


def roc_auc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Area under the ROC curve; NaN when `labels` hold a single class.

    Computed as the Mann-Whitney U statistic with average ranks for ties, which equals the
    trapezoidal area under the ROC curve, in O(n log n).
    """
    scores = scores.detach().flatten().double()
    positive = labels.detach().flatten().bool()
    n_pos = int(positive.sum())
    n_neg = positive.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    sorted_scores, order = torch.sort(scores)
    _, group, counts = torch.unique_consecutive(
        sorted_scores, return_inverse=True, return_counts=True
    )
    last_rank = torch.cumsum(counts, dim=0).double()  # 1-based rank of each tie group's last
    average_rank = last_rank - (counts.double() - 1.0) / 2.0
    ranks = torch.empty_like(scores)
    ranks[order] = average_rank[group]
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
