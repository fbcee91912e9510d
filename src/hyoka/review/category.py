"""The document's category (M, R or E), which decides the part of the guideline that applies.

The kind is read by the parser from the title (…中長期目標（案）) or the preamble's defined term;
without it, the article the preamble cites decides (通則法第29条 → M, 第35条の4 → R, 第35条の9 → E).
The legal-type prefix 国立研究開発法人 means R; 独立行政法人 is shared by M and E, and some names
have no prefix, so there the kind decides. A disagreement between the two, or no kind at all, is
reported by R-META-01 and leaves the category unresolved, unless the check policy sets it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hyoka.model import Document, DocumentKind
from hyoka.model.findings import Category
from hyoka.review.text import normalise

KIND_CATEGORY: Mapping[DocumentKind, Category] = {
    DocumentKind.mid_term: Category.mid_term,
    DocumentKind.mid_long_term: Category.research,
    DocumentKind.annual: Category.executive,
}

CATEGORY_NAMES: Mapping[Category, str] = {
    Category.mid_term: "中期目標管理法人",
    Category.research: "国立研究開発法人",
    Category.executive: "行政執行法人",
}

# Article of the 独立行政法人通則法 under which the objectives are set, as the preamble cites it.
_ARTICLES: tuple[tuple[re.Pattern[str], Category], ...] = (
    (re.compile(r"第35条の4"), Category.research),
    (re.compile(r"第35条の9"), Category.executive),
    (re.compile(r"第29条"), Category.mid_term),
)
_DEFINED_TERM = re.compile(r"以下「(中長期目標|中期目標|年度目標)」という")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The category a document is checked under, and what R-META-01 has to say about it."""

    category: Category | None
    from_kind: Category | None
    from_prefix: Category | None
    overridden: bool = False

    @property
    def conflict(self) -> bool:
        return self.from_kind is not None and _conflicts(self.from_kind, self.from_prefix)


def kind_category(document: Document, front_text: Sequence[str] = ()) -> Category | None:
    """The category from the kind, else from the preamble's defined term or cited article."""
    if document.kind is not None:
        return KIND_CATEGORY[document.kind]
    text = normalise("\n".join(front_text))
    term = _DEFINED_TERM.search(text)
    if term is not None:
        return KIND_CATEGORY[DocumentKind(term.group(1))]
    return next((category for pattern, category in _ARTICLES if pattern.search(text)), None)


def prefix_category(document: Document) -> Category | None:
    """R for 国立研究開発法人; M or E are not told apart by the 独立行政法人 prefix, so None there,
    except that such a prefix rules R out (reported as a conflict with an R kind)."""
    legal_type = normalise(document.agency.legal_type or "")
    full = normalise(document.agency.full_name or "")
    if legal_type == "国立研究開発法人" or full.startswith("国立研究開発法人"):
        return Category.research
    return None


def _prefix_excludes_research(document: Document) -> bool:
    legal_type = normalise(document.agency.legal_type or document.agency.full_name or "")
    return legal_type.startswith("独立行政法人")


def resolve(document: Document, overrides: Mapping[str, Category], front_text: Sequence[str] = ()) -> Resolution:
    """The category of `document`: the policy's override (by document id, agency name as written
    or without its prefix) first, else the kind when the prefix does not contradict it."""
    from_kind = kind_category(document, front_text)
    from_prefix = prefix_category(document)
    if from_prefix is None and from_kind is Category.research and _prefix_excludes_research(document):
        from_prefix = Category.mid_term  # 独立行政法人…: an M or E body under an R kind
    for key in (document.id, document.agency.full_name, document.agency.name):
        if key and key in overrides:
            return Resolution(overrides[key], from_kind, from_prefix, overridden=True)
    resolved = from_kind if from_kind is not None and not _conflicts(from_kind, from_prefix) else None
    return Resolution(resolved, from_kind, from_prefix)


def _conflicts(from_kind: Category, from_prefix: Category | None) -> bool:
    if from_prefix is None:
        return False
    if from_prefix is Category.research:
        return from_kind is not Category.research
    return from_kind is Category.research
