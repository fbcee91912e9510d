"""The parse of the real corpus (objectives-2025-a.txt) against its hand-checked gold (gold-a.json).

The checks mirror the official scorer, ../shared/tools/score_parse.py: documents are paired
by agency name, headings match within HEADING_TOL lines, annexes by kind within ANNEX_TOL
lines, targets (by value) and flags (per kind) within LINE_TOL lines, and F1/recall are summed
over all documents; the evaluation-axes score is the scorer's count score, per document. The
last test runs the scorer itself. Failure messages list every missed and extra item with its
line number.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hyoka.model.contract import Document, EvaluationAxesRow, ParseResult, Target
from hyoka.parse.quantities import find_quantities
from tests.corpus_support import (
    ANNEX_TOL,
    GOLD_FILE,
    HEADING_TOL,
    LINE_TOL,
    REPO_ROOT,
    Pairing,
    corpus_line,
    gold,
    gold_sections_at,
    match_lines,
    norm,
    pair_documents,
    parsed_corpus,
    pred_sections_at,
    prf,
    require_corpus,
    require_scorer,
    walk_sections,
)

pytestmark = pytest.mark.corpus

MIN_SECTIONS_F1 = 0.97
MIN_CHILDREN_F1 = 0.93
MIN_ANNEX_RECALL = 0.85
MIN_TARGETS_F1 = 0.90
MIN_TARGETS_PR = 0.85  # precision and recall, each
MIN_COMPARATOR = 0.90  # share of matched targets with the gold comparator
MIN_FLAGS_F1 = 0.95
MIN_AXES = 0.95  # per document with gold axes
NUMBER_WRAP_LINES = 2  # a target's number may run on over this many following lines
MIN_METADATA = 0.95  # for the official scorer run; the in-process test wants every field right
SUBPROCESS_TIMEOUT_S = 300

GoldDoc = dict[str, Any]


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return parsed_corpus()


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    docs: list[GoldDoc] = gold()["documents"]
    return docs


@pytest.fixture(scope="module")
def pairing(gold_docs: list[GoldDoc], result: ParseResult) -> Pairing:
    return pair_documents(gold_docs, result.documents)


def _gold_name(g: GoldDoc) -> str:
    return f"{g['id']} ({g['agency']}, gold lines {g['span'][0]}-{g['span'][1]})"


def _pred_name(p: Document) -> str:
    return f"{p.id} ({p.agency.full_name or p.agency.name}, lines {p.span.start_line}-{p.span.end_line})"


def _short(text: str | None, width: int = 24) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _paired(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> list[tuple[GoldDoc, Document | None]]:
    return [(g, result.documents[pairing.pairs[gi]] if gi in pairing.pairs else None) for gi, g in enumerate(gold_docs)]


# --- documents --------------------------------------------------------------------------------


def test_every_gold_document_is_found_and_paired_by_agency_name(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing
) -> None:
    problems = []
    for gi, g in enumerate(gold_docs):
        if gi not in pairing.pairs:
            problems.append(f"not found: {_gold_name(g)}")
        elif pairing.how[gi] != "name":
            p = result.documents[pairing.pairs[gi]]
            problems.append(f"paired by span only, agency name differs: {_gold_name(g)} ~ {_pred_name(p)}")
    assert not problems, f"{len(problems)} of {len(gold_docs)} gold documents:\n" + "\n".join(problems)


def test_no_extra_documents(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    extra = [_pred_name(result.documents[pi]) for pi in pairing.extra_pred(result.documents)]
    assert not extra, (
        f"{len(extra)} predicted documents match no gold document "
        f"({len(result.documents)} predicted, {len(gold_docs)} in gold):\n" + "\n".join(extra)
    )


def _metadata_fields(g: GoldDoc, p: Document) -> list[tuple[str, object, object, bool]]:
    """(field, gold value, parsed value, right?) for each field the gold does not leave null.

    The comparisons are the scorer's: agency name equal to name or full_name, legal type and
    kind after `norm`, draft and period days exactly.
    """
    period = g.get("period") or {}
    names = [norm(n) for n in (p.agency.name, p.agency.full_name) if n]
    kind = p.kind.value if p.kind else None
    start = p.period.start.isoformat() if p.period else None
    end = p.period.end.isoformat() if p.period else None
    fields: list[tuple[str, object, object, bool]] = [
        ("agency", g.get("agency"), (p.agency.name, p.agency.full_name), norm(g.get("agency")) in names),
        (
            "legal_type",
            g.get("legal_type"),
            p.agency.legal_type,
            norm(p.agency.legal_type) == norm(g.get("legal_type")),
        ),
        ("kind", g.get("kind"), kind, norm(kind) == norm(g.get("kind"))),
        ("draft", g.get("draft"), p.draft, p.draft == g.get("draft")),
        ("period_start", period.get("start"), start, start == period.get("start")),
        ("period_end", period.get("end"), end, end == period.get("end")),
    ]
    return [field for field in fields if field[1] is not None]


def test_document_metadata_matches_gold(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    wrong = []
    checked = 0
    for g, p in _paired(gold_docs, result, pairing):
        if p is None:
            wrong.append(f"{_gold_name(g)}: document not found, no metadata")
            continue
        for field, want, got, ok in _metadata_fields(g, p):
            checked += 1
            if not ok:
                where = f" (read from line {p.period.line})" if field.startswith("period") and p.period else ""
                wrong.append(f"{_gold_name(g)}: {field}: gold {want!r}, parsed {got!r}{where}")
    assert not wrong, f"{len(wrong)} metadata fields wrong of {checked} checked:\n" + "\n".join(wrong)


def test_document_spans_match_gold_exactly(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    wrong = []
    for g, p in _paired(gold_docs, result, pairing):
        gs, ge = g["span"]
        if p is None:
            wrong.append(f"{_gold_name(g)}: not found")
        elif (p.span.start_line, p.span.end_line) != (gs, ge):
            wrong.append(
                f"{g['id']}: gold lines {gs}-{ge}, parsed {p.span.start_line}-{p.span.end_line} "
                f"(start {p.span.start_line - gs:+d}, end {p.span.end_line - ge:+d})"
            )
    assert not wrong, "document spans differ from gold:\n" + "\n".join(wrong)


# --- headings ---------------------------------------------------------------------------------


def _heading_report(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing, depth: int
) -> tuple[float, list[str]]:
    """Overall F1 of headings at `depth` (summed over documents, as the scorer does) and a report."""
    tp = fp = fn = 0
    report = []
    for g, p in _paired(gold_docs, result, pairing):
        gold_nodes = gold_sections_at(g.get("sections", []), depth)
        pred_nodes = pred_sections_at(p.sections, depth) if p else []
        m = match_lines([n["line"] for n in gold_nodes], [s.line for s in pred_nodes], HEADING_TOL)
        a, b, c = m.counts
        tp, fp, fn = tp + a, fp + b, fn + c
        if p is None:
            report.append(f"{g['id']}: document not found, all {len(gold_nodes)} headings missed")
        for gi in m.missed:
            node = gold_nodes[gi]
            report.append(f"{g['id']}: missed line {node['line']} {node.get('label', '')!r}")
        for pi in m.extra:
            s = pred_nodes[pi]
            report.append(f"{g['id']}: extra  line {s.line} {s.label!r} {_short(s.title)!r}")
    return prf(tp, fp, fn)[2], [f"tp {tp}, fp {fp}, fn {fn}", *report]


def test_top_level_sections_f1(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    f1, report = _heading_report(gold_docs, result, pairing, depth=1)
    assert f1 >= MIN_SECTIONS_F1, (
        f"top-level sections F1 {f1:.3f} < {MIN_SECTIONS_F1} (tolerance {HEADING_TOL} lines):\n" + "\n".join(report)
    )


def test_child_sections_f1(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    f1, report = _heading_report(gold_docs, result, pairing, depth=2)
    assert f1 >= MIN_CHILDREN_F1, (
        f"child sections F1 {f1:.3f} < {MIN_CHILDREN_F1} (tolerance {HEADING_TOL} lines):\n" + "\n".join(report)
    )


def test_section_labels_stand_on_their_lines(result: ParseResult) -> None:
    wrong = []
    total = 0
    for doc in result.documents:
        for s in walk_sections(doc.sections):
            total += 1
            line = corpus_line(s.line)
            if norm(s.label) not in norm(line):
                wrong.append(f"{doc.id}: line {s.line}: label {s.label!r} not in {_short(line, 40)!r}")
    assert not wrong, f"{len(wrong)} of {total} section labels are not on their line:\n" + "\n".join(wrong)


def test_no_section_heading_inside_an_annex(result: ParseResult) -> None:
    wrong = []
    for doc in result.documents:
        for s in walk_sections(doc.sections):
            for a in doc.annexes:
                if a.span.start_line <= s.line <= a.span.end_line:
                    wrong.append(
                        f"{doc.id}: section {s.label!r} at line {s.line} lies in annex {a.kind.value} "
                        f"(lines {a.span.start_line}-{a.span.end_line})"
                    )
    assert not wrong, "section headings inside annexes:\n" + "\n".join(wrong)


# --- annexes ----------------------------------------------------------------------------------


def test_annex_recall(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    tp = fn = 0
    report = []
    for g, p in _paired(gold_docs, result, pairing):
        pred = p.annexes if p else []
        used: set[int] = set()
        if p is None:
            report.append(f"{g['id']}: document not found, all {len(g.get('annexes', []))} annexes missed")
        # The scorer's rule: the first unused predicted annex of the same kind within ANNEX_TOL.
        for a in g.get("annexes", []):
            hit = next(
                (
                    i
                    for i, pa in enumerate(pred)
                    if i not in used and pa.kind.value == a["kind"] and abs(pa.line - a["line"]) <= ANNEX_TOL
                ),
                None,
            )
            if hit is None:
                fn += 1
                report.append(f"{g['id']}: missed {a['kind']} at line {a['line']}")
            else:
                used.add(hit)
                tp += 1
        report.extend(
            f"{g['id']}: extra  {pa.kind.value} at line {pa.line} (to line {pa.span.end_line})"
            for i, pa in enumerate(pred)
            if i not in used
        )
    recall = prf(tp, 0, fn)[1]
    assert recall >= MIN_ANNEX_RECALL, (
        f"annex recall {recall:.3f} < {MIN_ANNEX_RECALL} (same kind, tolerance {ANNEX_TOL} lines), "
        f"tp {tp}, fn {fn}:\n" + "\n".join(report)
    )


# --- targets ----------------------------------------------------------------------------------


def _same_value(a: float, b: float) -> bool:
    """The scorer's value test: equal as floats up to a relative 1e-9."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _restates(t: Target, g: GoldDoc) -> bool:
    """`t` stands within LINE_TOL of gold target `g` with its value or one of its alt_values."""
    values = [g["value"], *g.get("alt_values", [])]
    return abs(t.line - g["line"]) <= LINE_TOL and any(_same_value(t.value, v) for v in values)


@dataclass
class TargetMatch:
    """One document's targets matched as the scorer matches them."""

    pairs: list[tuple[GoldDoc, Target]]  # required gold target, the prediction matched to it
    missed: list[GoldDoc]  # required gold targets no prediction matched
    extra: list[Target]  # predictions that match nothing and restate nothing
    neutral: list[Target]  # predictions near an optional gold target or restating a matched one


def _match_targets(gold_targets: list[GoldDoc], pred: list[Target]) -> TargetMatch:
    """The scorer's rule: each required gold target, in gold order, takes the first free
    prediction within LINE_TOL lines whose value is its value or one of its alt_values.
    Left-over predictions within LINE_TOL of an optional gold target (any value), or restating
    a gold target, are neutral: neither true nor false positives."""
    required = [g for g in gold_targets if not g.get("optional")]
    optional = [g for g in gold_targets if g.get("optional")]
    used: set[int] = set()
    pairs: list[tuple[GoldDoc, Target]] = []
    missed: list[GoldDoc] = []
    for g in required:
        hit = next((i for i, t in enumerate(pred) if i not in used and _restates(t, g)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            pairs.append((g, pred[hit]))
    extra: list[Target] = []
    neutral: list[Target] = []
    for i, t in enumerate(pred):
        if i in used:
            continue
        near_optional = any(abs(t.line - g["line"]) <= LINE_TOL for g in optional)
        (neutral if near_optional or any(_restates(t, g) for g in required) else extra).append(t)
    return TargetMatch(pairs, missed, extra, neutral)


def _gold_target(g: GoldDoc) -> str:
    return (
        f"line {g['line']} {g['value']:g} {g.get('unit') or ''} {g.get('comparator')} {g.get('scope')} "
        f"{_short(g.get('note'), 40)!r}"
    )


def _pred_target(t: Target) -> str:
    return f"line {t.line} {t.value:g} {t.unit or ''} {t.comparator.value} {t.scope.value} {_short(t.indicator, 40)!r}"


def _target_matches(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing
) -> list[tuple[GoldDoc, Document | None, TargetMatch]]:
    return [
        (g, p, _match_targets(g.get("targets", []), p.targets if p else []))
        for g, p in _paired(gold_docs, result, pairing)
    ]


def test_targets_f1_precision_and_recall(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    tp = fp = fn = neutral = 0
    report = []
    for g, p, m in _target_matches(gold_docs, result, pairing):
        tp, fp, fn, neutral = tp + len(m.pairs), fp + len(m.extra), fn + len(m.missed), neutral + len(m.neutral)
        if p is None:
            report.append(f"{g['id']}: document not found, all {len(m.missed)} required targets missed")
        report.extend(f"{g['id']}: missed {_gold_target(t)}" for t in m.missed)
        report.extend(f"{g['id']}: extra  {_pred_target(t)}" for t in m.extra)
    precision, recall, f1 = prf(tp, fp, fn)
    short = [
        f"{name} {value:.3f} < {minimum}"
        for name, value, minimum in (
            ("F1", f1, MIN_TARGETS_F1),
            ("precision", precision, MIN_TARGETS_PR),
            ("recall", recall, MIN_TARGETS_PR),
        )
        if value < minimum
    ]
    assert not short, (
        f"targets: {'; '.join(short)} (tolerance {LINE_TOL} lines, value or alt_values), "
        f"tp {tp}, fp {fp}, fn {fn}, {neutral} neutral:\n" + "\n".join(report)
    )


def test_target_comparators_match_gold(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    matched = 0
    wrong = []
    for g, _, m in _target_matches(gold_docs, result, pairing):
        for gt, t in m.pairs:
            matched += 1
            if t.comparator.value != gt.get("comparator"):
                wrong.append(
                    f"{g['id']}: line {t.line} {t.value:g} {t.unit or ''}: gold {gt.get('comparator')!r}, "
                    f"parsed {t.comparator.value!r} {_short(t.text, 40)!r}"
                )
    assert matched, "no predicted target matches a gold target: nothing to compare comparators on"
    share = (matched - len(wrong)) / matched
    assert share >= MIN_COMPARATOR, (
        f"comparator right on {share:.3f} < {MIN_COMPARATOR} of {matched} matched targets:\n" + "\n".join(wrong)
    )


def test_target_lines_hold_their_numbers(result: ParseResult) -> None:
    """A target's `line` is where its number starts; the number may wrap onto the next lines."""
    wrong = []
    total = 0
    for doc in result.documents:
        for t in doc.targets:
            total += 1
            first = norm(corpus_line(t.line))
            text = first + "".join(norm(corpus_line(t.line + k)) for k in range(1, NUMBER_WRAP_LINES + 1))
            starts = [q.start for q in find_quantities(text) if _same_value(q.value, t.value)]
            if any(start < len(first) for start in starts):
                continue
            why = (
                f"{t.value:g} starts only after the line's {len(first)} characters (offsets {starts})"
                if starts
                else f"no quantity {t.value:g} in lines {t.line}-{t.line + NUMBER_WRAP_LINES}"
            )
            wrong.append(f"{doc.id}: {_pred_target(t)}: {why}; line {t.line}: {_short(first, 40)!r}")
    assert not wrong, f"{len(wrong)} of {total} targets are not on the line of their number:\n" + "\n".join(wrong)


# --- flags ------------------------------------------------------------------------------------

_FLAG_KINDS = ("importance", "difficulty")  # the kinds the scorer matches, each on its own


def test_flags_f1(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    tp = fp = fn = 0
    report = []
    for g, p in _paired(gold_docs, result, pairing):
        if p is None:
            report.append(f"{g['id']}: document not found, all {len(g.get('flags', []))} flags missed")
        for kind in _FLAG_KINDS:
            gold_flags = [f for f in g.get("flags", []) if f["kind"] == kind]
            pred_flags = [f for f in p.flags if f.kind.value == kind] if p else []
            m = match_lines([f["line"] for f in gold_flags], [f.line for f in pred_flags], LINE_TOL)
            a, b, c = m.counts
            tp, fp, fn = tp + a, fp + b, fn + c
            report.extend(f"{g['id']}: missed {kind} at line {gold_flags[gi]['line']}" for gi in m.missed)
            report.extend(
                f"{g['id']}: extra  {kind} at line {f.line} ({f.level}, applies to line {f.applies_to}) "
                f"{_short(f.text, 40)!r}"
                for f in (pred_flags[pi] for pi in m.extra)
            )
    f1 = prf(tp, fp, fn)[2]
    assert f1 >= MIN_FLAGS_F1, (
        f"flags F1 {f1:.3f} < {MIN_FLAGS_F1} (per kind, tolerance {LINE_TOL} lines), "
        f"tp {tp}, fp {fp}, fn {fn}:\n" + "\n".join(report)
    )


# --- evaluation axes --------------------------------------------------------------------------


def _axes_counts(rows: list[EvaluationAxesRow]) -> dict[str, int]:
    """The scorer's counts: rows with at least one axis, axes, 評価指標 and モニタリング指標
    (the row's `monitoring_indicators`, which hold the nested ones too)."""
    return {
        "items": sum(1 for r in rows if r.axes),
        "axes": sum(len(r.axes) for r in rows),
        "evaluation_indicators": sum(len(r.evaluation_indicators) for r in rows),
        "monitoring_indicators": sum(len(r.monitoring_indicators) for r in rows),
    }


def _axes_score(want: dict[str, Any], got: dict[str, int]) -> float:
    """The scorer's score: 1 - mean relative error (capped at 1) over the non-zero gold counts."""
    errors = [min(1.0, abs(got[key] - n) / n) for key, n in want.items() if isinstance(n, int) and n]
    return 1.0 - sum(errors) / len(errors) if errors else 1.0


def _axes_row(row: EvaluationAxesRow) -> str:
    nested = sum(len(e.monitoring_indicators) for e in row.evaluation_indicators)
    return (
        f"row line {row.line} (lines {row.lines[0]}-{row.lines[1]}) {row.item.label or ''} "
        f"{_short(row.item.title)!r}: axes {len(row.axes)}, evaluation {len(row.evaluation_indicators)}, "
        f"monitoring {len(row.monitoring_indicators)} ({nested} nested)"
        + ("" if row.axes else " - no axes, not counted as an item")
    )


def test_evaluation_axes_counts_per_document(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    scored = 0
    report = []
    for g, p in _paired(gold_docs, result, pairing):
        want = g.get("axes")
        if not want:
            continue
        scored += 1
        if p is None:
            report.append(f"{g['id']}: document not found, axes score 0 (gold {want})")
            continue
        got = _axes_counts(p.evaluation_axes)
        score = _axes_score(want, got)
        if score < MIN_AXES:
            report.append(f"{g['id']}: axes score {score:.3f} < {MIN_AXES}: gold {want}, parsed {got}")
            report.extend(f"{g['id']}:   {_axes_row(row)}" for row in p.evaluation_axes)
    assert scored, "no gold document has evaluation axes: nothing to score"
    assert not report, f"evaluation axes (1 - mean relative error of the four counts) below {MIN_AXES}:\n" + "\n".join(
        report
    )


# --- the official scorer ----------------------------------------------------------------------

_SUMMARY = re.compile(
    r"docs (?P<docs>\d+\.\d\d) \(\+(?P<extra>\d+) extra\) \| metadata (?P<metadata>\d+\.\d\d) \| "
    r"sections F1 (?P<sections>\d+\.\d\d) \| children F1 (?P<children>\d+\.\d\d) \| "
    r"annexes R (?P<annexes>\d+\.\d\d) \| "
    r"targets F1 (?P<targets>\d+\.\d\d) \(P (?P<targets_p>\d+\.\d\d) R (?P<targets_r>\d+\.\d\d)\) \| "
    r"flags F1 (?P<flags>\d+\.\d\d) \| axes (?P<axes>\d+\.\d\d)"
)


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=SUBPROCESS_TIMEOUT_S
    )


def _report(proc: subprocess.CompletedProcess[str]) -> str:
    return (
        f"`{' '.join(str(a) for a in proc.args)}` exited with {proc.returncode}\n"
        f"--- stdout (end) ---\n{proc.stdout[-4000:]}\n--- stderr (end) ---\n{proc.stderr[-4000:]}"
    )


def test_official_scorer_passes(tmp_path: Path) -> None:
    corpus = require_corpus()
    gold_file = require_corpus(GOLD_FILE)
    scorer = require_scorer()

    parse = _run([sys.executable, "-m", "hyoka", "parse", str(corpus), "--json"])
    assert parse.returncode == 0, _report(parse)
    pred = tmp_path / "pred.json"
    pred.write_text(parse.stdout, encoding="utf-8")

    score = _run([
        sys.executable, str(scorer), "--gold", str(gold_file), "--pred", str(pred),
        "--min-docs", "1", "--min-metadata", str(MIN_METADATA),
        "--min-sections", str(MIN_SECTIONS_F1), "--min-children", str(MIN_CHILDREN_F1),
        "--min-targets", str(MIN_TARGETS_F1), "--min-flags", str(MIN_FLAGS_F1), "--min-axes", str(MIN_AXES),
    ])  # fmt: skip
    assert score.returncode == 0, _report(score)
    last = score.stdout.strip().splitlines()[-1] if score.stdout.strip() else ""
    found = _SUMMARY.search(last)
    assert found, f"cannot read the scorer's summary line: {last!r}\n{_report(score)}"
    figures = {k: float(v) for k, v in found.groupdict().items()}
    short = [
        f"{name} {figures[name]:.2f} < {minimum}"
        for name, minimum in (
            ("docs", 1.0),
            ("metadata", MIN_METADATA),
            ("sections", MIN_SECTIONS_F1),
            ("children", MIN_CHILDREN_F1),
            ("annexes", MIN_ANNEX_RECALL),
            ("targets", MIN_TARGETS_F1),
            ("targets_p", MIN_TARGETS_PR),
            ("targets_r", MIN_TARGETS_PR),
            ("flags", MIN_FLAGS_F1),
            ("axes", MIN_AXES),
        )
        if figures[name] < minimum
    ]
    if figures["extra"]:
        short.append(f"{int(figures['extra'])} extra documents")
    assert not short, "official scorer: " + "; ".join(short) + f"\n{score.stdout}"
