import os

import pytest
import torch

# The tests' models are tiny: intra-op threads only add synchronization, which on a busy
# machine costs many times the work (train.py does the same on CPU).
torch.set_num_threads(1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if torch.cuda.is_available():
        return
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    reason = (
        "needs a CUDA GPU, and torch.cuda.is_available() is False"
        + (f" (CUDA_VISIBLE_DEVICES={visible!r})" if visible is not None else "")
        + ("" if torch.version.cuda else "; this torch build has no CUDA support")
    )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("gpu") is not None:
            item.add_marker(skip)
