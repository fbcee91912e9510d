"""The document-wide parts of a comparison: the title, the period and the decision date.

The decision date stands alone on a line of the title block (「令和７年３月１日」, or the draft's
「令和７年 月 日」): the last such line before the first heading. It is read from the input's
physical lines, which a parse keeps and the store keeps too; without them it is not compared.
"""

from __future__ import annotations

from collections.abc import Mapping

from hyoka.model.comparison import Change, ChangeKind
from hyoka.model.contract import Document, Period
from hyoka.parse.dates import parse_date
from hyoka.review.diff.text import folded_key
from hyoka.sources import normalize


def _is_date_line(text: str) -> bool:
    """Whether the line is a date and nothing else (a dated or a draft's blank date)."""
    norm = normalize(text)
    date = parse_date(norm)
    if date is None or date.start != 0 or date.end < len(norm) - 1:
        return False
    return date.month is not None or date.blank


def decision_date(document: Document, lines: Mapping[int, str] | None) -> tuple[str, int] | None:
    """The decision date's text as written and its line, or None (no lines, or none found)."""
    if not lines:
        return None
    first = min((s.line for s in document.sections), default=document.span.end_line + 1)
    found: tuple[str, int] | None = None
    for number in range(document.span.start_line, first):
        text = lines.get(number)
        if text is not None and _is_date_line(text):
            found = (text.strip(), number)
    return found


def _period_text(period: Period | None) -> str | None:
    if period is None:
        return None
    return f"{period.start.isoformat()}〜{period.end.isoformat()}（{period.years}年度）"


def _change(kind: ChangeKind, before: str | None, after: str | None, lines: tuple[int | None, int | None]) -> Change:
    words = {ChangeKind.document_title: "題名", ChangeKind.period: "目標期間", ChangeKind.decision_date: "決定日"}
    return Change(
        kind=kind, new_ref=None, old_ref=None, item=words[kind], before=before, after=after,
        new_line=lines[0], old_line=lines[1],
    )  # fmt: skip


def document_changes(
    new: Document, old: Document, new_lines: Mapping[int, str] | None, old_lines: Mapping[int, str] | None
) -> list[Change]:
    """Title, period and decision date changes (each compared in matching form)."""
    changes: list[Change] = []
    if folded_key(new.title or "") != folded_key(old.title or ""):
        changes.append(_change(ChangeKind.document_title, old.title, new.title, (None, None)))
    if _period_text(new.period) != _period_text(old.period):
        at = (new.period.line if new.period else None, old.period.line if old.period else None)
        changes.append(_change(ChangeKind.period, _period_text(old.period), _period_text(new.period), at))
    new_date, old_date = decision_date(new, new_lines), decision_date(old, old_lines)
    if new_date is not None and old_date is not None and folded_key(new_date[0]) != folded_key(old_date[0]):
        changes.append(_change(ChangeKind.decision_date, old_date[0], new_date[0], (new_date[1], old_date[1])))
    return changes
