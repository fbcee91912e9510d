"""The corpus rewritten, line for line, in the other conventions ministries and PDF tools use, with
the gold annotation remapped to the rewritten lines, and the official scorer's figures for each.

A rewrite turns the corpus's physical lines into one or more output files, each a list of
`(text, old line number or None)`: a line the rewrite added has no old number. The gold's line
numbers (spans, headings, annexes, targets, marks) are carried over through that map; a gold
line whose physical line was removed (a blank line, say) moves to the next line kept. Files are
scored as if laid end to end, so a rewrite into several files is scored like one.

Run as a script to print every convention's scorer line:

    uv run python -m tests.parse.conventions
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyoka.parse import parse_source
from hyoka.sources import read_source
from tests.corpus_support import corpus_dir, scorer_path

Line = tuple[str, int | None]
OutFile = list[Line]

_KANJI_DIGITS = "〇一二三四五六七八九"
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def kanji(number: int) -> str:
    """1..99 as a kanji numeral: 6 → 六, 10 → 十, 12 → 十二, 23 → 二十三."""
    if number < 10:
        return _KANJI_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _KANJI_DIGITS[tens]) + "十" + (_KANJI_DIGITS[ones] if ones else "")


def _kanji_of(match_digits: str) -> str:
    return kanji(int(match_digits.translate(_WIDE_DIGITS)))


_DIGIT = "[0-9０-９]"
# 第６期, 第１, 第３章, 第３の１: an ordinal after 第 (not 第 35 条, a statute's article number: left alone)
_DAI = re.compile(rf"第\s*({_DIGIT}{{1,2}})(?!\s*{_DIGIT})(?!\s*条)")
# １．法人の使命 (a label at a line start), 第三の１．～３． (in a unit statement): not ３．１ (a sub-number)
_DOTTED_LABEL = re.compile(rf"(^\s*|[のと～~、\-－])({_DIGIT}{{1,2}})([．.])(?!\s*{_DIGIT})")
# （１）組織 at a line start
_PAREN_LABEL = re.compile(rf"^(\s*[（(])({_DIGIT}{{1,2}})([）)])")


def kanji_ordinals(text: str) -> str:
    text = _DAI.sub(lambda m: f"第{_kanji_of(m.group(1))}", text)
    text = _DOTTED_LABEL.sub(lambda m: f"{m.group(1)}{_kanji_of(m.group(2))}{m.group(3)}", text)
    return _PAREN_LABEL.sub(lambda m: f"{m.group(1)}{_kanji_of(m.group(2))}{m.group(3)}", text)


@dataclass(frozen=True)
class Convention:
    name: str
    what: str
    rewrite: Callable[[list[str], dict[str, Any]], list[OutFile]]
    encoding: str = "utf-8"
    newline: str = "\n"


def _same(lines: list[str], _gold: dict[str, Any]) -> list[OutFile]:
    return [[(line, k + 1) for k, line in enumerate(lines)]]


def _each(transform: Callable[[str], str]) -> Callable[[list[str], dict[str, Any]], list[OutFile]]:
    def rewrite(lines: list[str], _gold: dict[str, Any]) -> list[OutFile]:
        return [[(transform(line), k + 1) for k, line in enumerate(lines)]]

    return rewrite


def _no_blank_lines(lines: list[str], _gold: dict[str, Any]) -> list[OutFile]:
    return [[(line, k + 1) for k, line in enumerate(lines) if line.strip()]]


def _spans(gold: dict[str, Any]) -> list[tuple[int, int]]:
    return [tuple(doc["span"]) for doc in gold["documents"]]  # type: ignore[misc]


def _separate(lines: list[str], gold: dict[str, Any]) -> list[OutFile]:
    spans = _spans(gold)
    files = []
    for position, (start, _) in enumerate(spans):
        stop = spans[position + 1][0] - 1 if position + 1 < len(spans) else len(lines)
        files.append([(lines[k - 1], k) for k in range(start, stop + 1)])
    return files


def _reverse(lines: list[str], gold: dict[str, Any]) -> list[OutFile]:
    return [[line for part in reversed(_separate(lines, gold)) for line in part]]


_PAGE_BREAK = re.compile(r"^ \S")  # the corpus marks a new page only by one leading space


def _running_heads(lines: list[str], gold: dict[str, Any]) -> list[OutFile]:
    """A running header and a page footer around every page break, as many PDFs print them."""
    out: OutFile = []
    page = 1
    spans = _spans(gold)
    for k, line in enumerate(lines, start=1):
        starts_document = any(k == start for start, _ in spans)
        if _PAGE_BREAK.match(line) and not starts_document and k > 1:
            page += 1
            out += [("", None), (f"- {page - 1} -", None), ("", None), ("中長期目標（案）", None), ("", None)]
        out.append((line, k))
    return [out]


_PREAMBLE = re.compile(r"通則法")


def _title_page_only(lines: list[str], gold: dict[str, Any]) -> list[OutFile]:
    """Documents that open with a title lose their legal preamble (the lines are blanked)."""
    blank: set[int] = set()
    for doc in gold["documents"]:
        start, _ = doc["span"]
        if _PREAMBLE.search(lines[start - 1]):  # opens with the preamble itself: nothing to take
            continue
        first_heading = min(s["line"] for s in doc["sections"])
        in_preamble = False
        for k in range(start, first_heading):
            text = lines[k - 1]
            if _PREAMBLE.search(text):
                in_preamble = True
            if in_preamble:
                blank.add(k)
                if "定める" in text:
                    break
    return [[("" if k in blank else line, k) for k, line in enumerate(lines, start=1)]]


def _then(*rewrites: Callable[[list[str], dict[str, Any]], list[OutFile]]) -> Callable[..., list[OutFile]]:
    """Rewrites applied one after the other (each to the line texts the one before left)."""

    def rewrite(lines: list[str], gold: dict[str, Any]) -> list[OutFile]:
        files: list[OutFile] = [[(line, k + 1) for k, line in enumerate(lines)]]
        for step in rewrites:
            out: list[OutFile] = []
            for part in files:
                # apply the step to the texts, then carry the original line numbers through
                texts = [text for text, _ in part]
                olds = [old for _, old in part]
                for new in step(texts, _remap(gold, {o: k + 1 for k, o in enumerate(olds) if o is not None})):
                    out.append([(text, olds[k - 1] if k is not None else None) for text, k in new])
            files = out
        return files

    return rewrite


CONVENTIONS: tuple[Convention, ...] = (
    Convention("original", "the corpus as it is", _same),
    Convention(
        "kanji_ordinals", "every digit ordinal as a kanji ordinal (第６期 → 第六期, １． → 一．)", _each(kanji_ordinals)
    ),
    Convention("nfkc", "every line in NFKC (all half-width)", _each(lambda line: unicodedata.normalize("NFKC", line))),
    Convention("no_trailing_spaces", "no line ends with a space", _each(str.rstrip)),
    Convention("no_blank_lines", "no blank line between lines", _no_blank_lines),
    Convention("crlf_cp932", "CR LF line ends, encoded in CP932", _same, encoding="cp932", newline="\r\n"),
    Convention("separate_files", "each document alone in its own file", _separate),
    Convention("reverse_order", "the documents bound in reverse order", _reverse),
    Convention("running_heads", "a page footer and a running header at every page break", _running_heads),
    Convention("title_page_only", "a title page without the legal preamble", _title_page_only),
    Convention(
        "plain_text",
        "no trailing spaces and no blank lines (as other PDF-to-text tools give it)",
        _then(_each(str.rstrip), _no_blank_lines),
    ),
    Convention(
        "kanji_plain_cp932",
        "kanji ordinals, no trailing spaces, CR LF, CP932",
        _then(_each(kanji_ordinals), _each(str.rstrip)),
        encoding="cp932",
        newline="\r\n",
    ),
)


# --- scoring --------------------------------------------------------------------------------------


def _encode(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; a character the encoding lacks goes in as its NFKC form (⽬ → 目), as a
    real export from a CP932 system would hold it, else as 〓."""
    out = []
    for char in text:
        for candidate in (char, unicodedata.normalize("NFKC", char), "〓"):
            try:
                out.append(candidate.encode(encoding))
                break
            except UnicodeEncodeError:
                continue
    return b"".join(out)


def _remap(gold: dict[str, Any], old_to_new: dict[int, int]) -> dict[str, Any]:
    kept = sorted(old_to_new)

    def move(line: int) -> int:
        if line in old_to_new:
            return old_to_new[line]
        later = [k for k in kept if k > line]
        return old_to_new[later[0]] if later else old_to_new[kept[-1]]

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "line" and isinstance(value, int):
                    out[key] = move(value)
                elif key == "span" and isinstance(value, list):
                    out[key] = [move(value[0]), move(value[1])]
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(copy.deepcopy(gold))  # type: ignore[no-any-return]


def _shift(pred: dict[str, Any], offset: int) -> dict[str, Any]:
    """Every line number of a parse moved down by `offset` (files scored end to end)."""

    def walk(node: Any, key: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            if key in ("lines", "section_lines") and all(isinstance(v, int) for v in node):
                return [v + offset for v in node]
            return [walk(v) for v in node]
        if isinstance(node, int) and not isinstance(node, bool) and key in _LINE_KEYS:
            return node + offset
        return node

    return walk(pred)  # type: ignore[no-any-return]


_LINE_KEYS = frozenset({"line", "start_line", "end_line", "section_line", "applies_to"})


@dataclass(frozen=True)
class Scored:
    summary: dict[str, float]
    line: str
    documents: list[dict[str, Any]]


def run_scorer(gold: dict[str, Any], pred: dict[str, Any], scorer: Path) -> Scored:
    with tempfile.TemporaryDirectory() as folder:
        gold_path, pred_path = Path(folder, "gold.json"), Path(folder, "pred.json")
        gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        args = [sys.executable, str(scorer), "--gold", str(gold_path), "--pred", str(pred_path)]
        as_json = subprocess.run([*args, "--json"], capture_output=True, text=True, check=False)
        plain = subprocess.run(args, capture_output=True, text=True, check=False)
    data = json.loads(as_json.stdout[: as_json.stdout.rindex("}") + 1])
    return Scored(data["summary"], plain.stdout.strip().splitlines()[-1], data["documents"])


def score_convention(convention: Convention, corpus: Path, gold: dict[str, Any], scorer: Path, folder: Path) -> Scored:
    text = corpus.read_bytes().decode("utf-8-sig")
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    files = convention.rewrite(lines, gold)
    documents: list[dict[str, Any]] = []
    old_to_new: dict[int, int] = {}
    offset = 0
    for number, out in enumerate(files):
        path = folder / f"{convention.name}-{number}.txt"
        body = convention.newline.join(text for text, _ in out) + convention.newline
        path.write_bytes(_encode(body, convention.encoding))
        for k, (_, old) in enumerate(out, start=1):
            if old is not None:
                old_to_new[old] = k + offset
        result = parse_source(read_source(path))
        pred = json.loads(result.to_json())
        documents += _shift(pred, offset)["documents"]
        offset += len(out)
    return run_scorer(_remap(gold, old_to_new), {"documents": documents}, scorer)


def main(names: Sequence[str] = ()) -> None:
    corpus = corpus_dir() / "objectives-2025-a.txt"
    gold = json.loads((corpus_dir() / "gold-a.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        for convention in CONVENTIONS:
            if names and convention.name not in names:
                continue
            scored = score_convention(convention, corpus, gold, scorer_path(), Path(folder))
            print(f"{convention.name:<20} {scored.line}")


if __name__ == "__main__":
    main(sys.argv[1:])
