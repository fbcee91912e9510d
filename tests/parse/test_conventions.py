"""The corpus rewritten in other conventions scores what the corpus itself scores (metamorphic).

Each rewrite of `tests/parse/conventions.py` — kanji ordinals, NFKC, no trailing spaces, no blank
lines, CR LF in CP932, one file per document, the documents in reverse order, running heads
on every page, title pages without their preamble, and two combinations — is parsed and scored by
the official scorer against the gold remapped to its lines; every figure must equal the
original's within 0.01, with every document found and none extra. A document cut to one chapter
(a fragment without title or preamble) keeps the targets, marks and headings of that chapter.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from hyoka.parse import parse_source
from hyoka.sources import text_source_from_string
from tests.corpus_support import corpus_dir, require_corpus, require_scorer
from tests.parse.conventions import CONVENTIONS, Convention, Scored, score_convention

pytestmark = pytest.mark.corpus

FIGURES = ("docs", "metadata", "sections", "children", "annexes", "targets", "targets_p", "targets_r", "flags", "axes")
TOLERANCE = 0.01


@functools.cache
def _gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus_dir() / "gold-a.json").read_text(encoding="utf-8"))
    return data


@functools.cache
def _scored(name: str, folder: str) -> Scored:
    convention = next(c for c in CONVENTIONS if c.name == name)
    return score_convention(convention, require_corpus(), _gold(), require_scorer(), Path(folder))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("conventions"))


@pytest.mark.parametrize("convention", CONVENTIONS[1:], ids=lambda c: c.name)
def test_a_convention_scores_what_the_original_scores(convention: Convention, folder: str) -> None:
    original = _scored("original", folder)
    rewritten = _scored(convention.name, folder)
    assert rewritten.summary["extra_documents"] == 0, rewritten.line
    assert rewritten.summary["docs"] == 1.0, rewritten.line
    worse = {
        figure: (original.summary[figure], rewritten.summary[figure])
        for figure in FIGURES
        if rewritten.summary[figure] < original.summary[figure] - TOLERANCE
    }
    assert not worse, f"{convention.name}: {worse}\noriginal:  {original.line}\nrewritten: {rewritten.line}"


def test_the_original_scores_full_marks(folder: str) -> None:
    summary = _scored("original", folder).summary
    assert all(summary[figure] == 1.0 for figure in FIGURES), summary


# --- a document cut to one chapter ---------------------------------------------------------------

_WORK_CHAPTER = re.compile(r"業務の質|成果の最大化|サービス")


@functools.cache
def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", require_scorer())
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chapter(doc: dict[str, Any], lines: list[str]) -> tuple[int, int]:
    """First and last line of the document's chapter on its work (業務の質 / 研究開発の成果)."""
    tops = doc["sections"]
    for position, section in enumerate(tops):
        if _WORK_CHAPTER.search(lines[section["line"] - 1]):
            end = tops[position + 1]["line"] - 1 if position + 1 < len(tops) else doc["span"][1]
            return section["line"], end
    raise AssertionError(f"{doc['id']}: no work chapter in the gold")


@pytest.mark.parametrize("document", ["amed", "riken", "jaxa", "gpif", "aist"])
def test_a_document_cut_to_one_chapter_is_read_as_a_fragment(document: str) -> None:
    lines = require_corpus().read_text(encoding="utf-8").split("\n")
    gold = next(d for d in _gold()["documents"] if d["id"] == document)
    first, last = _chapter(gold, lines)
    result = parse_source(text_source_from_string("\n".join(lines[first - 1 : last]) + "\n"))
    assert len(result.documents) == 1
    assert any("fragment" in w.message for w in result.warnings)
    (parsed,) = result.documents
    shift = first - 1
    pred = json.loads(parsed.model_dump_json())

    def inside(item: dict[str, Any]) -> bool:
        return first <= item["line"] <= last

    targets = [t | {"line": t["line"] - shift} for t in gold["targets"] if inside(t)]
    flags = [f | {"line": f["line"] - shift} for f in gold["flags"] if inside(f)]
    children = [c["line"] - shift for s in gold["sections"] if s["line"] == first for c in s.get("children", [])]
    scored = _scorer().score_targets(targets, pred["targets"])
    assert (scored["fp"], scored["fn"]) == (0, 0), scored
    tp, fp, fn = _scorer().score_flags(flags, pred["flags"])
    assert (fp, fn) == (0, 0), (tp, fp, fn)
    top = [s for s in parsed.sections if s.line == 1]
    assert top, [s.label for s in parsed.sections]
    found = [c.line for c in top[0].children]
    assert _scorer().match_lines(children, found, 2)[1:] == (0, 0), (children, found)
