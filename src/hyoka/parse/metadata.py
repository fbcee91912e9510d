"""Document metadata read from the title block, the cover page and the legal preamble.

Shapes read (after normalization):

    国立研究開発法人理化学研究所が達成すべき業務運営に関する目標（中長期目標）（案）
    年金積立金管理運用独立行政法人中期目標案
    令和７年〇月〇日 / 令和７年 月 日                    blank date: a draft
    内 閣 府 / 経 済 産 業 省 / 厚生労働大臣 ○○ ○○      issuing ministries
    独立行政法人通則法（平成 11 年法律第 103 号）第 35 条の４第１項の規定に基づき、
        ○○（以下「機構」という。）が達成すべき業務運営に関する目標（以下「中長期目標」という。）を定める。
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from hyoka.model import Agency, DocumentKind
from hyoka.parse.dates import find_blank_date
from hyoka.parse.lexicon.terms import KIND, LEGAL_TYPES, MINISTRIES, ministry_of_minister
from hyoka.parse.rules.opening import TITLE_ACHIEVE, TITLE_NAMED_KIND

_PREAMBLE_AGENCY = re.compile(
    r"(?:により|基づき|基づいて)、(?P<agency>[^、。]{2,60}?)(?:\(以下「[^」]{1,20}」という。?\))?が達成すべき"
)
_DEFINED_KIND = re.compile(rf"\(以下「(?P<kind>{KIND})」という。?\)")
_ANY_KIND = re.compile(rf"(?P<kind>{KIND})")
_MINISTRY_LINE = re.compile(r"^(?:内閣府|内閣官房|[^\s、。()]{1,12}省|[^\s、。()]{1,10}庁|[^\s、。()]{1,14}委員会)$")
_MINISTER = re.compile(r"^(?P<name>[^\s、。()]{1,12}?)大臣")
_MINISTRY_IN_TEXT = re.compile("|".join(MINISTRIES))
_LEGAL_BASIS = re.compile(
    r"(?P<basis>(?:独立行政法人)?通則法.{0,200}?)(?:の規定に基づき|の規定により|に基づき|により)、"
)
_DRAFT_MARK = re.compile(r"\(案\)|目標案$|案\)?$")


@dataclass(slots=True)
class FrontMatter:
    """Lines before the body: title block, cover page, preamble (normalized text)."""

    title: str | None = None
    title_norm: str | None = None
    lines: list[str] = field(default_factory=list)
    agency_line: str | None = None


def agency_from_name(full_name: str | None) -> Agency:
    if not full_name:
        return Agency(name=None, legal_type=None, full_name=None)
    for legal_type in LEGAL_TYPES:
        if full_name.startswith(legal_type) and len(full_name) > len(legal_type):
            return Agency(name=full_name[len(legal_type) :], legal_type=legal_type, full_name=full_name)
    return Agency(name=full_name, legal_type=None, full_name=full_name)


def find_agency(front: FrontMatter) -> Agency:
    """From the preamble if it names the agency, else from the title block."""
    for line in front.lines:
        match = _PREAMBLE_AGENCY.search(line)
        if match:
            return agency_from_name(_clean_name(match.group("agency")))
    if front.title_norm:
        for pattern in (TITLE_ACHIEVE, TITLE_NAMED_KIND):
            match = pattern.match(front.title_norm)
            if match:
                return agency_from_name(_clean_name(match.group("agency")))
    if front.agency_line:
        return agency_from_name(_clean_name(front.agency_line))
    return agency_from_name(None)


def _clean_name(name: str) -> str:
    name = re.sub(r"\(以下[^)]*\)", "", name)
    return name.rstrip("がの")


def find_kind(front: FrontMatter) -> DocumentKind | None:
    for text in (front.title_norm or "", *front.lines):
        match = _DEFINED_KIND.search(text)
        if match:
            return DocumentKind(match.group("kind"))
    for text in (front.title_norm or "", *front.lines):
        match = _ANY_KIND.search(text)
        if match:
            return DocumentKind(match.group("kind"))
    return None


def is_draft(front: FrontMatter) -> bool:
    """Marked 案 in its title block, or dated with a blank (〇月〇日) on its cover."""
    if front.title_norm and _DRAFT_MARK.search(front.title_norm):
        return True
    return any(line in ("(案)", "案") or find_blank_date(line) is not None for line in front.lines)


def find_ministries(front: FrontMatter) -> list[str]:
    found: list[str] = []
    for line in front.lines:
        if "。" in line:
            continue
        if _MINISTRY_LINE.match(line):
            found.append(line)
            continue
        minister = _MINISTER.match(line)
        if minister:
            found.append(ministry_of_minister(minister.group("name")))
        found.extend(m.group(0) for m in _MINISTRY_IN_TEXT.finditer(line))
    return _unique(found)


def find_legal_basis(front: FrontMatter) -> str | None:
    for line in front.lines:
        match = _LEGAL_BASIS.search(line)
        if match:
            return match.group("basis")
    return None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
