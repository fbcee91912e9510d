"""Access to the real corpus in ../shared/corpus for the corpus tests, and a mirror of the scorer.

The corpus lives outside the repository (its texts must never be copied in) and is read at
run time from `corpus_dir()`: the directory named by HYOKA_CORPUS_DIR, else
`<repo>/../shared/corpus`. A missing corpus skips the tests locally and fails them in CI
(when the CI environment variable is set), so CI can never go green by skipping.

The matching helpers below mirror `../shared/tools/score_parse.py` (tolerances, greedy
one-to-one line matching, pairing of documents by agency name, per-kind annex matching),
but keep which lines matched, so a failing test can say what was missed and what was extra.
"""

from __future__ import annotations

import functools
import json
import os
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hyoka.model.contract import Document, ParseResult, Section
from hyoka.parse import parse_source
from hyoka.sources import read_source

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_FILE = "objectives-2025-a.txt"
GOLD_FILE = "gold-a.json"
SCORER_FILE = "score_parse.py"

# The scorer's tolerances (score_parse.py: LINE_TOL, HEADING_TOL, ANNEX_TOL).
LINE_TOL = 3
HEADING_TOL = 2
ANNEX_TOL = 15


# --- locating the corpus ------------------------------------------------------------------


def corpus_dir() -> Path:
    """HYOKA_CORPUS_DIR when set (and non-empty), else `<repo>/../shared/corpus`."""
    configured = os.environ.get("HYOKA_CORPUS_DIR")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "corpus"


def scorer_path() -> Path:
    """The official scorer: `tools/score_parse.py` next to the corpus directory."""
    return corpus_dir().parent / "tools" / SCORER_FILE


def _require_file(path: Path, what: str) -> Path:
    if path.is_file():
        return path
    message = f"{what} missing: {path} (set HYOKA_CORPUS_DIR to the directory holding {CORPUS_FILE} and {GOLD_FILE})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_corpus(name: str = CORPUS_FILE) -> Path:
    """Path of corpus file `name`; fails the test when it is missing in CI, skips it elsewhere."""
    return _require_file(corpus_dir() / name, "corpus file")


def require_scorer() -> Path:
    """Path of the official scorer, with the same fail-in-CI / skip-elsewhere rule."""
    return _require_file(scorer_path(), "official scorer")


# --- cached parse and gold ------------------------------------------------------------------


@functools.cache
def _parse(path: Path) -> ParseResult:
    return parse_source(read_source(path))


@functools.cache
def _physical_lines(path: Path) -> tuple[str, ...]:
    # Physical lines as the gold counts them: split on CR LF, CR and LF only.
    text = path.read_bytes().decode("utf-8-sig")
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@functools.cache
def _gold_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def parsed_corpus() -> ParseResult:
    """The parse of objectives-2025-a.txt, computed once per session. Do not mutate it."""
    return _parse(require_corpus())


def gold() -> dict[str, Any]:
    """The gold annotation gold-a.json (a fresh copy on each call)."""
    data: dict[str, Any] = json.loads(_gold_text(require_corpus(GOLD_FILE)))
    return data


def corpus_line(number: int) -> str:
    """Physical line `number` (1-based) of objectives-2025-a.txt as written in the file."""
    lines = _physical_lines(require_corpus())
    return lines[number - 1] if 1 <= number <= len(lines) else ""


# --- mirror of the scorer -------------------------------------------------------------------


def norm(text: object) -> str:
    """The scorer's matching form: NFKC, all white space removed; None is the empty string."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 exactly as the scorer computes them (empty sets score 1.0)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class LineMatch:
    """Outcome of matching gold lines to predicted lines: indexes into the two lists."""

    pairs: list[tuple[int, int]]
    missed: list[int]
    extra: list[int]

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.pairs), len(self.extra), len(self.missed)


def match_lines(gold_lines: Sequence[int], pred_lines: Sequence[int], tol: int) -> LineMatch:
    """The scorer's greedy one-to-one matching: gold in line order, each to its nearest free pred."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    missed: list[int] = []
    for gi in sorted(range(len(gold_lines)), key=lambda i: gold_lines[i]):
        g = gold_lines[gi]
        best: int | None = None
        for pi, p in enumerate(pred_lines):
            if pi in used or abs(p - g) > tol:
                continue
            if best is None or abs(p - g) < abs(pred_lines[best] - g):
                best = pi
        if best is None:
            missed.append(gi)
        else:
            used.add(best)
            pairs.append((gi, best))
    extra = [pi for pi in range(len(pred_lines)) if pi not in used]
    return LineMatch(pairs, missed, extra)


def agency_names(doc: Document) -> list[str]:
    """The predicted names the scorer pairs on: agency.name and agency.full_name, normalized."""
    return [norm(n) for n in (doc.agency.name, doc.agency.full_name) if n]


def pred_span(doc: Document) -> tuple[int, int]:
    return doc.span.start_line, doc.span.end_line


@dataclass
class Pairing:
    """gold index -> predicted index, and how the scorer got there ("name" or "span")."""

    pairs: dict[int, int]
    how: dict[int, str]

    def unpaired_gold(self, gold_docs: Sequence[dict[str, Any]]) -> list[int]:
        return [gi for gi in range(len(gold_docs)) if gi not in self.pairs]

    def extra_pred(self, pred_docs: Sequence[Document]) -> list[int]:
        taken = set(self.pairs.values())
        return [pi for pi in range(len(pred_docs)) if pi not in taken]


def pair_documents(gold_docs: Sequence[dict[str, Any]], pred_docs: Sequence[Document]) -> Pairing:
    """The scorer's pairing: first by agency name (equal or contained), then by span overlap."""
    pairs: dict[int, int] = {}
    how: dict[int, str] = {}
    taken: set[int] = set()
    for gi, g in enumerate(gold_docs):
        gname = norm(g["agency"])
        for pi, p in enumerate(pred_docs):
            if pi in taken:
                continue
            if any(gname and (gname == n or gname in n) for n in agency_names(p)):
                pairs[gi], how[gi] = pi, "name"
                taken.add(pi)
                break
    for gi, g in enumerate(gold_docs):
        if gi in pairs:
            continue
        gs, ge = g["span"]
        best, best_overlap = None, 0
        for pi, p in enumerate(pred_docs):
            if pi in taken:
                continue
            ps, pe = pred_span(p)
            overlap = min(ge, pe) - max(gs, ps) + 1
            if overlap > best_overlap:
                best, best_overlap = pi, overlap
        if best is not None and best_overlap > 0.5 * (ge - gs + 1):
            pairs[gi], how[gi] = best, "span"
            taken.add(best)
    return Pairing(pairs, how)


def gold_sections_at(nodes: Sequence[dict[str, Any]], depth: int) -> list[dict[str, Any]]:
    """Gold section nodes at `depth` (1 = top level, 2 = their children), in document order."""
    if depth == 1:
        return list(nodes)
    return [c for n in nodes for c in gold_sections_at(n.get("children", []), depth - 1)]


def pred_sections_at(nodes: Sequence[Section], depth: int) -> list[Section]:
    """Predicted sections at `depth` (1 = top level, 2 = their children), in document order."""
    if depth == 1:
        return list(nodes)
    return [c for n in nodes for c in pred_sections_at(n.children, depth - 1)]


def walk_sections(nodes: Sequence[Section]) -> Iterator[Section]:
    """Every predicted section, all levels, depth first."""
    for node in nodes:
        yield node
        yield from walk_sections(node.children)
