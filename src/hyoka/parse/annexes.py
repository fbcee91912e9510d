"""Annexes and figures after the body: where each starts, what kind it is, its label.

Annex titles are short lines ending in what they are:

    国立研究開発法人○○に係る政策体系図（案）        policy_diagram
    ○○（略称）の使命等と目標との関係                 mission_relation
    別添２：評価軸及び関連指標（案） / …評価軸等について  evaluation_axes
    一定の事業等のまとまり                            evaluation_units
    別添：用語集                                      glossary
    …において重点的に推進するべき研究開発の方針        research_policy
    別表 / 数値目標一覧                                target_table

Labels (別紙１, （別添２）) stand before their title or float after the content they belong
to; a label with no title right after it is such a floating label. A run of titles with no
content between them is a table of contents, not annexes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hyoka.model import AnnexKind
from hyoka.parse.lexicon.labels import ANNEX_LABEL as LABEL
from hyoka.parse.lexicon.labels import ANNEX_LABEL_PREFIX, ANNEX_LABEL_WRITTEN
from hyoka.parse.logical import LogicalLine

_TITLE_END = r"(?:\(案\))?\)?$"
KIND_TITLES: tuple[tuple[AnnexKind, re.Pattern[str]], ...] = (
    (AnnexKind.policy_diagram, re.compile(rf"政策体系図?{_TITLE_END}")),
    (AnnexKind.mission_relation, re.compile(rf"使命等?と(?:中長期|中期|年度)?目標との関係{_TITLE_END}")),
    (
        AnnexKind.evaluation_axes,
        re.compile(rf"評価軸(?:等|及び(?:関連|評価)?指標(?:等)?)?(?:について)?{_TITLE_END}"),
    ),
    (
        AnnexKind.evaluation_units,
        re.compile(rf"(?:一定の事業等のまとまり|評価単位)(?:について|一覧)?{_TITLE_END}"),
    ),
    (AnnexKind.glossary, re.compile(rf"用語(?:集|解説|の解説|の定義|説明){_TITLE_END}")),
    (
        AnnexKind.research_policy,
        re.compile(rf"(?:研究開発|研究)(?:の|に関する)(?:方針|基本方針){_TITLE_END}"),
    ),
    (AnnexKind.target_table, re.compile(rf"(?:数値目標|定量目標|目標値|指標)(?:の)?一覧(?:表)?{_TITLE_END}")),
)
END_MARKER = "以上"
_TABLE_HEADER = ("項目", "中長期目標の項目", "中期目標の項目")  # 「項目 評価軸 評価指標 …」 column heads
_MAX_TITLE = 80
_LABEL_TITLE_GAP = 1  # a title introduced by a label stands on the very next line
_HEADER_GAP = 3  # lines after an annex title within which a title of the same kind is its table's header


@dataclass(frozen=True, slots=True)
class Candidate:
    """A logical line that may open an annex: a title, a label, or both."""

    index: int
    kind: AnnexKind | None  # None for a bare label
    label: str | None
    title: str | None


# what every annex title ends in (before （案）or a closing parenthesis): a quick refusal for the rest
_TITLE_ENDINGS = re.compile(
    r"(?:体系図?|関係|指標等?|軸等?|について|まとまり|単位|一覧|集|解説|定義|説明|方針|一覧表)(?:\(案\))?\)?$"
)


def classify_title(norm: str) -> AnnexKind | None:
    if len(norm) > _MAX_TITLE or _TITLE_ENDINGS.search(norm) is None:
        return None
    for kind, pattern in KIND_TITLES:
        if pattern.search(norm):
            return kind
    return None


def candidate_at(lines: Sequence[LogicalLine], index: int) -> Candidate | None:
    return read_candidate(lines[index].norm, lines[index].text, index)


def read_candidate(norm: str, text: str, index: int) -> Candidate | None:
    """Whether a line (matching form `norm`, original `text`) is an annex title or label."""
    if len(norm) > _MAX_TITLE or "。" in norm:
        return None
    label_match = LABEL.match(norm)
    label = _written_label(text) if label_match else None
    rest = norm[label_match.end() :].lstrip(":：)") if label_match else norm
    if label is not None and not rest:
        return Candidate(index, None, label, None)
    kind = None if rest.startswith(_TABLE_HEADER) else classify_title(rest)
    if kind is None:
        if label is not None and label.startswith("別表"):
            return Candidate(index, AnnexKind.target_table, label, text.strip())
        return None
    return Candidate(index, kind, label, _strip_label(text))


def _written_label(text: str) -> str | None:
    """The label as printed (別紙１, not the matching form 別紙1)."""
    match = ANNEX_LABEL_WRITTEN.search(text)
    return match.group(0).strip() if match else None


def _strip_label(text: str) -> str:
    text = text.strip()
    match = ANNEX_LABEL_PREFIX.match(text)
    return text[match.end() :].strip() if match and match.end() < len(text) else text


def find_candidates(lines: Sequence[LogicalLine], start: int) -> list[Candidate]:
    return [c for i in range(start, len(lines)) if (c := candidate_at(lines, i)) is not None]


def find_end_marker(lines: Sequence[LogicalLine], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].norm == END_MARKER:
            return index
    return None


@dataclass(slots=True)
class Segment:
    """An annex being delimited: from `start` (logical index) to the next segment."""

    start: int
    kind: AnnexKind
    label: str | None
    title: str | None
    opened_by_label: bool = False


def segment_annexes(lines: Sequence[LogicalLine], candidates: Sequence[Candidate]) -> list[Segment]:
    """Turn candidates into annex segments: titles open annexes, floating labels join them."""
    segments: list[Segment] = []
    by_index = {c.index: c for c in candidates}
    consumed: set[int] = set()
    for position, cand in enumerate(candidates):
        if cand.index in consumed:
            continue
        if cand.kind is None:
            title = _title_after(cand, by_index)
            if title is not None:
                consumed.add(title.index)
                segments.append(
                    Segment(
                        cand.index,
                        title.kind or AnnexKind.other,
                        cand.label,
                        title.title,
                        opened_by_label=True,
                    )
                )
            elif segments and segments[-1].label is None:
                segments[-1].label = cand.label
            elif not segments:
                segments.append(Segment(cand.index, AnnexKind.other, cand.label, None, opened_by_label=True))
            continue
        following = candidates[position + 1] if position + 1 < len(candidates) else None
        if following is not None and following.index == cand.index + 1 and following.kind is not None:
            continue  # a table of contents: title after title with nothing in between
        if following is not None and following.index == cand.index + 1 and _title_after(following, by_index):
            continue  # the last entry of a table of contents, right before a labelled annex
        if segments and segments[-1].kind == cand.kind and segments[-1].title == cand.title:
            continue  # a title repeated as a page header
        if segments and segments[-1].kind == cand.kind and cand.index - segments[-1].start <= _HEADER_GAP:
            continue  # the annex's own table header (項目 / 評価軸 / …) read cell by cell
        segments.append(Segment(cand.index, cand.kind, cand.label, cand.title, opened_by_label=cand.label is not None))
    return segments


def _title_after(label: Candidate, by_index: dict[int, Candidate]) -> Candidate | None:
    for step in range(1, _LABEL_TITLE_GAP + 1):
        cand = by_index.get(label.index + step)
        if cand is None:
            continue
        return cand if cand.kind is not None and cand.label is None else None
    return None
