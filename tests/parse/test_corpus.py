"""The parse of the real corpus (objectives-2025-a.txt) against its hand-checked gold (gold-a.json).

The checks mirror the official scorer, ../shared/tools/score_parse.py: documents are paired
by agency name, headings match within HEADING_TOL lines, annexes by kind within ANNEX_TOL
lines, and F1/recall are summed over all documents. The last test runs the scorer itself.
Failure messages list every missed and extra item with its line number.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hyoka.model.contract import Document, ParseResult
from tests.corpus_support import (
    ANNEX_TOL,
    GOLD_FILE,
    HEADING_TOL,
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


def _paired(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing
) -> list[tuple[GoldDoc, Document | None]]:
    return [
        (g, result.documents[pairing.pairs[gi]] if gi in pairing.pairs else None)
        for gi, g in enumerate(gold_docs)
    ]


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


def test_document_metadata_matches_gold(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing
) -> None:
    wrong = []
    checked = 0
    for g, p in _paired(gold_docs, result, pairing):
        if p is None:
            wrong.append(f"{_gold_name(g)}: document not found, no metadata")
            continue
        for field, want, got, ok in _metadata_fields(g, p):
            checked += 1
            if not ok:
                where = (
                    f" (read from line {p.period.line})" if field.startswith("period") and p.period else ""
                )
                wrong.append(f"{_gold_name(g)}: {field}: gold {want!r}, parsed {got!r}{where}")
    assert not wrong, f"{len(wrong)} metadata fields wrong of {checked} checked:\n" + "\n".join(wrong)


def test_document_spans_match_gold_exactly(
    gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing
) -> None:
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
        f"top-level sections F1 {f1:.3f} < {MIN_SECTIONS_F1} (tolerance {HEADING_TOL} lines):\n"
        + "\n".join(report)
    )


def test_child_sections_f1(gold_docs: list[GoldDoc], result: ParseResult, pairing: Pairing) -> None:
    f1, report = _heading_report(gold_docs, result, pairing, depth=2)
    assert f1 >= MIN_CHILDREN_F1, (
        f"child sections F1 {f1:.3f} < {MIN_CHILDREN_F1} (tolerance {HEADING_TOL} lines):\n"
        + "\n".join(report)
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


# --- the official scorer ----------------------------------------------------------------------

_SUMMARY = re.compile(
    r"docs (?P<docs>\d+\.\d\d) \(\+(?P<extra>\d+) extra\) \| metadata (?P<metadata>\d+\.\d\d) \| "
    r"sections F1 (?P<sections>\d+\.\d\d) \| children F1 (?P<children>\d+\.\d\d) \| "
    r"annexes R (?P<annexes>\d+\.\d\d)"
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
        )
        if figures[name] < minimum
    ]
    if figures["extra"]:
        short.append(f"{int(figures['extra'])} extra documents")
    assert not short, "official scorer: " + "; ".join(short) + f"\n{score.stdout}"
