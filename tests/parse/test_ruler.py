"""The ruler: which rules run is configuration, and its memo of answers stays small."""

from __future__ import annotations

import pytest

from hyoka.parse.rules import default_ruler
from tests.parse.support import blocks, kinds, run

_TEXT = (
    "第１ 政策体系における法人の位置付け及び役割\n本文である。\n\n第２ 中期目標の期間\n令和７年４月から五年間とする。\n"
)


def test_every_rule_has_a_unique_name() -> None:
    names = [named.name for named in default_ruler().rules]
    assert len(names) == len(set(names))
    assert names[-1] == "paragraph"  # the fallback comes last


def test_a_disabled_rule_takes_nothing() -> None:
    assert ("heading", "第１ 政策体系における法人の位置付け及び役割") in kinds(_TEXT)
    disabled = [(block.kind, block.logical.text) for block in blocks(_TEXT, disabled=("heading",))]
    assert all(kind != "heading" for kind, _ in disabled)
    assert any(text.startswith("第１") for _, text in disabled)  # the text itself is still read


def test_enable_undoes_disable_and_unknown_names_are_refused() -> None:
    ruler = default_ruler().disable(["heading"])
    assert "heading" not in [named.name for named in ruler.active()]
    ruler.enable(["heading"])
    assert "heading" in [named.name for named in ruler.active()]
    with pytest.raises(ValueError, match="no block rule named nosuch"):
        ruler.disable(["nosuch"])


def test_the_memo_holds_only_answers_since_the_last_block() -> None:
    """Answers before a block are stale (a heading placed moves the numbering on); keeping them
    made a big bundle's parse hold one entry per line."""
    state = run(_TEXT * 200)
    assert len(state.blocks) >= 600
    assert len(state.starters) <= 5
