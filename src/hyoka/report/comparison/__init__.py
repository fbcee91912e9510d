"""Exports of the 新旧対照表 (`hyoka.model.comparison.Comparison`): xlsx, HTML, JSON, terminal.

All of them render `segments.cell_segments` of the one model, so they underline the same
characters and shorten the same text.
"""

from __future__ import annotations

from hyoka.model.comparison import Comparison


def comparison_json(comparison: Comparison) -> str:
    """The comparison in its JSON contract (`hyoka.diff/1`)."""
    return comparison.to_json()


__all__ = ["comparison_json"]
