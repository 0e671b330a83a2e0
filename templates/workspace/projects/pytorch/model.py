"""The classifier: a small MLP over standardized tabular features."""

from __future__ import annotations

import torch
from torch import nn


class FraudMLP(nn.Module):
    """Maps raw features (N, n_features) to fraud logits (N,).

    The standardization statistics are buffers, so they travel with the weights into the
    checkpoint and the served model: callers always pass raw features.
    """

    def __init__(self, n_features: int, hidden: int = 64, dropout: float = 0.1) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(n_features))
        self.register_buffer("std", torch.ones(n_features))
        self.net = nn.Sequential(
            nn.Linear(n_features, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, 1),
        )

    def set_normalization(self, features: torch.Tensor) -> None:
        self.mean.copy_(features.mean(dim=0))
        self.std.copy_(features.std(dim=0).clamp_min(1e-6))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net((x - self.mean) / self.std).squeeze(-1)


class Scorer(nn.Module):
    """What gets served: raw features in, fraud probability out."""

    def __init__(self, model: FraudMLP) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.model(x))
