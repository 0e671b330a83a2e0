import itertools
import math

import pytest
import torch

from metrics import roc_auc


def pairwise_auc(scores: list[float], labels: list[int]) -> float:
    """The definition: P(score of a positive > score of a negative), ties counting half."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum(
        1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(positives, negatives)
    )
    return wins / (len(positives) * len(negatives))


def test_perfect_reversed_and_constant_scores() -> None:
    labels = torch.tensor([0, 0, 1, 1])
    assert roc_auc(torch.tensor([0.1, 0.2, 0.8, 0.9]), labels) == 1.0
    assert roc_auc(torch.tensor([0.9, 0.8, 0.2, 0.1]), labels) == 0.0
    assert roc_auc(torch.full((4,), 0.3), labels) == 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_the_pairwise_definition_with_ties(seed: int) -> None:
    generator = torch.Generator().manual_seed(seed)
    scores = torch.randint(0, 6, (60,), generator=generator).float()  # many ties
    labels = torch.randint(0, 2, (60,), generator=generator)
    assert roc_auc(scores, labels) == pytest.approx(
        pairwise_auc(scores.tolist(), labels.tolist()), abs=1e-12
    )


def test_invariant_to_monotone_transforms_and_accepts_logits() -> None:
    generator = torch.Generator().manual_seed(3)
    logits = torch.randn(200, generator=generator)
    labels = (torch.rand(200, generator=generator) < torch.sigmoid(logits)).float()
    assert roc_auc(logits, labels) == pytest.approx(roc_auc(torch.sigmoid(logits), labels))
    assert roc_auc(logits, labels) > 0.6


def test_single_class_is_nan() -> None:
    assert math.isnan(roc_auc(torch.rand(5), torch.ones(5)))
    assert math.isnan(roc_auc(torch.rand(5), torch.zeros(5)))
