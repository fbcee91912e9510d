"""The line view: page furniture is skipped, text that only looks repeated is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.parse.lines import _windowed, prepare_lines
from hyoka.sources import text_source_from_string


def _skipped(text: str) -> set[str]:
    lines = prepare_lines(text_source_from_string(text).lines)
    return {line.norm for line in lines if line.skip}


def _page(head: str, body: str, number: int) -> str:
    return f"{head}\n{body}\n{body}をさらに進める。\n- {number} -\n"


def test_running_head_and_page_numbers_are_skipped() -> None:
    text = "\f".join(_page("国立研究開発法人甲研究所中長期目標", f"本文の{k}行目である", k) for k in range(1, 6))
    skipped = _skipped(text)
    assert "国立研究開発法人甲研究所中長期目標" in skipped
    assert "-1-" in skipped
    assert "-5-" in skipped
    assert not any(norm.startswith("本文") for norm in skipped)


def test_a_long_line_repeated_at_page_breaks_is_text() -> None:
    """A bundle holding the same document several times repeats every line at the same place;
    a line of text that long is no running head, even when it stands next to a page break."""
    title_line = "研究開発成果の最大化その他の業務の質の向上に関する事項について定める"
    assert len(title_line) > 30
    pages = [f"{title_line}\n第{k}章の本文である。\n" for k in range(1, 6)]
    skipped = _skipped("\f".join(pages))
    assert title_line not in skipped


def test_a_very_short_repeated_line_is_text() -> None:
    pages = [f"見出し{k}\n研究の推進\n等\n" for k in range(1, 6)]
    assert "等" not in _skipped("\f".join(pages))


def test_a_repeated_sentence_end_is_text() -> None:
    pages = [f"本文{k}の前半であり、\nする。\n" for k in range(1, 6)]
    assert "する。" not in _skipped("\f".join(pages))


@given(st.lists(st.floats(min_value=0, max_value=1), max_size=150), st.integers(min_value=0, max_value=40))
def test_windowed_means_are_the_means_of_their_windows(values: list[float], size: int) -> None:
    means = _windowed(values, size)
    assert len(means) == len(values)
    for k, mean in enumerate(means):
        window = values[max(0, k - size) : k + size + 1]
        assert mean == pytest.approx(sum(window) / len(window))
