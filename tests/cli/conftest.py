"""Commands run in-process set up logging for themselves; each test gets the root logger back
as it was, so one command's handler (writing to a finished test's stream) never outlives it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    loggers = {
        logger: logger.level
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for logger, was in loggers.items():
        logger.setLevel(was)
