"""Annex titles, labels, floating labels and tables of contents."""

from __future__ import annotations

import pytest

from hyoka.model import AnnexKind
from hyoka.parse.annexes import classify_title, find_candidates, read_candidate, segment_annexes
from hyoka.sources import normalize
from tests.parse.support import logical


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("独立行政法人架空機構に係る政策体系図", AnnexKind.policy_diagram),
        ("架空機構に係る政策体系図（案）", AnnexKind.policy_diagram),
        ("架空機構（略称）の使命等と目標との関係", AnnexKind.mission_relation),
        ("評価軸及び関連指標（案）", AnnexKind.evaluation_axes),
        ("独立行政法人架空機構の評価に関する評価軸等について", AnnexKind.evaluation_axes),
        ("一定の事業等のまとまり", AnnexKind.evaluation_units),
        ("用語集", AnnexKind.glossary),
        ("第３期中期目標期間において重点的に推進するべき研究開発の方針", AnnexKind.research_policy),
        ("数値目標一覧", AnnexKind.target_table),
        ("項目 評価軸 評価指標 モニタリング指標", None),  # a table header, not a title
        ("（評価指標）", None),
    ],
)
def test_classify_title(title: str, kind: AnnexKind | None) -> None:
    assert classify_title(normalize(title)) == kind


@pytest.mark.parametrize(
    ("line", "kind", "label", "title"),
    [
        ("別添２：評価軸及び関連指標（案）", AnnexKind.evaluation_axes, "別添２", "評価軸及び関連指標（案）"),
        ("（別紙１）", None, "別紙１", None),
        ("別紙３", None, "別紙３", None),
        ("別表 数値目標", AnnexKind.target_table, "別表", "別表 数値目標"),
        ("用語集は別添のとおり。", None, None, None),
    ],
)
def test_read_candidate(line: str, kind: AnnexKind | None, label: str | None, title: str | None) -> None:
    cand = read_candidate(normalize(line), line, 0)
    if label is None and kind is None:
        assert cand is None
        return
    assert cand is not None
    assert (cand.kind, cand.label, cand.title) == (kind, label, title)


def segments(text: str) -> list[tuple[int, str, str | None]]:
    lines = logical(text)
    found = segment_annexes(lines, find_candidates(lines, 0))
    return [(lines[s.start].line, s.kind.value, s.label) for s in found]


def test_label_before_title_opens_the_annex() -> None:
    assert segments("（別紙２）\n架空機構の評価に関する評価軸等\n項目 評価軸\n") == [(1, "evaluation_axes", "別紙２")]


def test_floating_label_joins_the_annex_before_it() -> None:
    text = "架空機構に係る政策体系図\n国の政策\n別添１\n機構の目的\n架空機構の使命等と目標との関係\n（使命）\n"
    assert segments(text) == [(1, "policy_diagram", "別添１"), (5, "mission_relation", None)]


def test_label_right_before_a_title_belongs_to_that_title() -> None:
    text = "架空機構に係る政策体系図\n国の政策\n別添１\n架空機構の使命等と目標との関係\n（使命）\n"
    assert segments(text) == [(1, "policy_diagram", None), (3, "mission_relation", "別添１")]


def test_table_of_contents_is_not_an_annex() -> None:
    text = (
        "（別紙１）研究開発の方針\n（別紙２）架空機構の評価軸等\n（別添）政策体系図\n（別紙１）\n研究開発の方針\n本文\n"
    )
    assert segments(text) == [(4, "research_policy", "別紙１")]


def test_repeated_page_header_title_is_one_annex() -> None:
    text = "架空機構の評価軸等\n行1\n架空機構の評価軸等\n行2\n"
    assert segments(text) == [(1, "evaluation_axes", None)]
