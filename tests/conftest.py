"""Options shared by the whole suite."""

from __future__ import annotations

import pytest

DEFAULT_FUZZ_EXAMPLES = 300


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=None,
        help=f"examples per fuzzing strategy (default {DEFAULT_FUZZ_EXAMPLES}; e.g. 20000 for a long local run)",
    )
