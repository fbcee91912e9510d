"""No module of the parser outside the lexicon spells a numeral, bullet or label pattern.

Every string constant of `src/hyoka/parse` (docstrings aside: they quote the shapes a rule reads)
is checked for what only the lexicon may hold: digit classes, kanji numerals in a class, circled
and Roman numerals, bullets, and annex label words. A rule that needs one composes its pattern
from `hyoka.parse.lexicon`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PARSE = Path(__file__).resolve().parents[3] / "src" / "hyoka" / "parse"
FORBIDDEN = {
    r"\d": "a digit class",
    "0-9": "a digit class",
    "一二": "kanji numerals",
    "〇一": "kanji numerals",
    "①": "circled numbers",
    "⑳": "circled numbers",
    "Ⅰ": "Roman numerals",
    "・": "a bullet",
    "○": "a bullet",
    "●": "a bullet",
    "◆": "a bullet",
    "■": "a bullet",
    "※": "a note mark",
    "別紙": "an annex label",
    "別添": "an annex label",
    "アイウ": "kana ordinals",
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def modules() -> list[Path]:
    return sorted(p for p in PARSE.rglob("*.py") if "lexicon" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PARSE)))
def test_no_vocabulary_outside_the_lexicon(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for fragment, what in FORBIDDEN.items():
                if fragment in node.value:
                    found.append(f"line {node.lineno}: {what} ({fragment!r}) in {node.value[:60]!r}")
    assert not found, "\n".join(found)


def test_the_check_sees_the_parser() -> None:
    assert len(modules()) > 20
