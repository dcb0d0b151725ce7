"""Fixtures every test package may use."""

from __future__ import annotations

import pytest

from bot.demo.data import DemoDataset, build_demo_dataset
from tests.mindo.conftest import NOW


@pytest.fixture(scope="session")
def dataset() -> DemoDataset:
    """The demo company's data at ``NOW``: built once, shared read-only."""
    return build_demo_dataset(NOW)
