"""Agency, kind, draft state, ministries and legal basis from the front matter."""

from __future__ import annotations

import pytest

from hyoka.model import DocumentKind
from hyoka.parse import parse_text
from hyoka.parse.metadata import (
    FrontMatter,
    agency_from_name,
    find_agency,
    find_kind,
    find_legal_basis,
    find_ministries,
    is_draft,
)
from hyoka.sources import normalize


def front(title: str | None, *lines: str) -> FrontMatter:
    return FrontMatter(
        title=title,
        title_norm=normalize(title) if title else None,
        lines=[normalize(line) for line in lines],
    )


@pytest.mark.parametrize(
    ("full", "name", "legal_type"),
    [
        ("国立研究開発法人架空研究所", "架空研究所", "国立研究開発法人"),
        ("独立行政法人架空機構", "架空機構", "独立行政法人"),
        ("架空資金運用独立行政法人", "架空資金運用独立行政法人", None),
    ],
)
def test_agency_prefix(full: str, name: str, legal_type: str | None) -> None:
    agency = agency_from_name(full)
    assert (agency.name, agency.legal_type, agency.full_name) == (name, legal_type, full)


PREAMBLE = (
    "独立行政法人通則法（平成 11 年法律第 103 号）第 35 条の４第１項の規定に基づき、国立研究開発法人"
    "架空研究機構（以下「機構」という。）が達成すべき業務運営に関する目標（以下「中長期目標」という。）を定める。"
)


def test_agency_and_kind_from_the_preamble() -> None:
    matter = front(None, PREAMBLE)
    assert find_agency(matter).full_name == "国立研究開発法人架空研究機構"
    assert find_kind(matter) == DocumentKind.mid_long_term
    assert find_legal_basis(matter) == "独立行政法人通則法(平成11年法律第103号)第35条の4第1項"


@pytest.mark.parametrize(
    ("title", "full_name", "kind"),
    [
        ("独立行政法人架空機構が達成すべき業務運営に関する目標", "独立行政法人架空機構", None),
        ("架空資金運用独立行政法人中期目標案", "架空資金運用独立行政法人", DocumentKind.mid_term),
        ("架空センター年度目標", "架空センター", DocumentKind.annual),
    ],
)
def test_agency_from_the_title(title: str, full_name: str, kind: DocumentKind | None) -> None:
    matter = front(title)
    assert find_agency(matter).full_name == full_name
    assert find_kind(matter) == kind


@pytest.mark.parametrize(
    ("title", "lines", "draft"),
    [
        ("架空機構中期目標案", (), True),
        ("架空機構が達成すべき業務運営に関する目標（案）", (), True),
        (None, ("令和８年〇月〇日",), True),
        (None, ("令和８年 月 日",), True),
        (None, ("（案）",), True),
        (None, ("令和８年３月１日",), False),
        ("架空機構が達成すべき業務運営に関する目標", ("経済産業省",), False),
    ],
)
def test_draft(title: str | None, lines: tuple[str, ...], draft: bool) -> None:
    assert is_draft(front(title, *lines)) is draft


def test_ministries_from_cover_lines_and_signatures() -> None:
    matter = front(
        None,
        "内 閣 府",
        "文 部 科 学 省",
        "令和８年 月 日付厚生労働省発第 号指示",
        "厚生労働大臣 架空 太郎",
        "農林水産大臣",
        "本文の文である。経済産業省は…",
    )
    assert find_ministries(matter) == ["内閣府", "文部科学省", "厚生労働省", "農林水産省"]


@pytest.mark.parametrize(
    ("minister", "ministry"),
    [
        ("デジタル大臣", "デジタル庁"),
        ("復興大臣", "復興庁"),
        ("内閣総理大臣", "内閣府"),
        ("経済産業大臣", "経済産業省"),
    ],
)
def test_ministers_name_their_ministry(minister: str, ministry: str) -> None:
    text = f"独立行政法人架空振興機構が達成すべき業務運営に関する目標\n令和８年〇月〇日\n{minister}\n第１ 総則\n本文である。\n"
    assert parse_text(text).documents[0].ministries == [ministry]
