"""Typed domain objects and the JSON contract shared by every stage of hyoka."""

from hyoka.model.contract import (
    PARSE_SCHEMA,
    Agency,
    Annex,
    AnnexKind,
    Document,
    DocumentKind,
    LineSpan,
    ParseResult,
    Period,
    Section,
    SourceInfo,
    Warning,
)

__all__ = [
    "PARSE_SCHEMA",
    "Agency",
    "Annex",
    "AnnexKind",
    "Document",
    "DocumentKind",
    "LineSpan",
    "ParseResult",
    "Period",
    "Section",
    "SourceInfo",
    "Warning",
]
