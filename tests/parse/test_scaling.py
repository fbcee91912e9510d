"""Linear cost, measured without a clock: a bundle of k copies finds k documents and its parse
peaks at k times the memory of one copy (tracemalloc counts the same on every machine). The
times are measured by benchmarks/scaling.py."""

from __future__ import annotations

import tracemalloc
from importlib.resources import files

import pytest

from hyoka.parse import parse_text

SAMPLE = (files("hyoka.samples") / "chuki-mokuhyo-sample.txt").read_text(encoding="utf-8")


def _peak_per_copy(copies: int) -> float:
    bundle = "\f\n".join([SAMPLE] * copies)
    parse_text(SAMPLE)  # patterns compiled and caches filled before the measure
    tracemalloc.start()
    try:
        result = parse_text(bundle)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result.documents) == copies  # every copy found, none lost to the running-head rule
    return peak / copies


def test_peak_memory_grows_linearly_with_the_bundle() -> None:
    small, large = _peak_per_copy(4), _peak_per_copy(40)
    assert large == pytest.approx(small, rel=0.15)
