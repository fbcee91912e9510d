"""The matching forms of `hyoka.review.text` and the section kinds of `hyoka.model.sections`."""

from __future__ import annotations

import pytest

from hyoka.model.sections import section_kind
from hyoka.review.text import normalise, title_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("〇 治験に至った件数", "○治験に至った件数"),
        ("◯ 件数", "○件数"),
        ("中長期⽬標（案）", "中長期目標(案)"),  # Kangxi ⽬ and full-width brackets
        ("内 閣 府", "内閣府"),
        ("１２０件／年", "120件/年"),
        ("上段\n下段", "上段下段"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected
    assert normalise(normalise(raw)) == normalise(raw)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("政策体系における法人の位置付け及び役割", "政策体系における法人の位置づけ及び役割"),
        ("政策体系における法人の位置付け及び果たすべき役割", "政策体系における法人の位置付け・役割"),
        ("政策体系における機構の位置付け及び役割", "政策体系における法人の位置付け及び役割"),
        ("業務運営の改善及び効率化に関する事項", "業務運営の効率化に関する事項"),
        ("業務運営の改善・効率化に関する事項", "業務運営の効率化に関する事項"),
        (
            "研究開発の成果の最大化その他の業務の質の向上に関する事項",
            "研究開発成果の最大化その他の業務の質の向上に関する事項",
        ),
        ("中長期目標の期間", "中長期目標期間"),
        ("中期目標の期間", "中期目標期間"),
    ],
)
def test_title_key_folds_the_design_variants(one: str, other: str) -> None:
    assert title_key(one) == title_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("財務内容の改善に関する事項", "業務運営の効率化に関する事項"),
        ("中期目標の期間", "中長期目標の期間"),
        ("内部統制", "人事に関する事項"),
    ],
)
def test_title_key_keeps_different_titles_apart(one: str, other: str) -> None:
    assert title_key(one) != title_key(other)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("政策体系における法人の位置付け及び役割（ミッション）", "mission"),
        ("政策体系における法人の位置づけ及び果たすべき役割", "mission"),
        ("中長期目標の期間", "period"),
        ("中長期目標期間", "period"),
        ("国民に対して提供するサービスその他の業務の質の向上に関する事項", "quality"),
        ("研究開発成果の最大化その他業務の質の向上に関する事項", "quality"),
        ("業務運営の改善・効率化に関する事項", "efficiency"),
        ("財務内容の改善に関する事項", "finance"),
        ("その他業務運営に関する重要事項", "other"),
        ("用語集", None),
    ],
)
def test_section_kind(title: str, kind: str | None) -> None:
    assert section_kind(title) == kind
