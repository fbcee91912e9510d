"""`hyoka diff OLD NEW`: the 新旧対照表 of two versions of an objective document.

Each side is a file (text, PDF or Word, parsed as `hyoka parse` does) or a stored document: its
id as `hyoka list` shows it (`3`), or a version of a stored document's chain (`3@2`, the second
version of the document 3 belongs to). A file that bundles several documents needs `--document`
(which one, from 1), unless the other side names the agency it shares with one of them.
"""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hyoka.cli.app import app, checked_output, console, fail, opened_store, settings, writing

if TYPE_CHECKING:
    from hyoka.model.comparison import Comparison
    from hyoka.model.contract import Document
    from hyoka.review.diff import Version

_STORED = re.compile(r"(\d+)(?:@(\d+))?")


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"
    xlsx = "xlsx"


_SUFFIXES = {DiffFormat.json: (".json",), DiffFormat.html: (".html", ".htm"), DiffFormat.xlsx: (".xlsx",)}


def _agency(document: Document) -> str:
    from hyoka.sources import normalize

    return normalize(document.agency.full_name or document.agency.name or "")


def _pick(documents: list[Document], where: str, index: int | None, other: list[Document]) -> Document:
    """The document of a bundle: the one `--document` names, the only one, or the one whose
    agency (and, if need be, kind) is the other side's, when that side holds a single document."""
    if index is not None:
        if not 1 <= index <= len(documents):
            fail(f"{where}: --document {index} is out of range (the input holds {len(documents)} document(s))")
        return documents[index - 1]
    if len(documents) == 1:
        return documents[0]
    if len(other) == 1 and _agency(other[0]):
        same = [d for d in documents if _agency(d) == _agency(other[0])]
        if len(same) > 1:  # one agency's 中期目標 and 年度目標 in one bundle: the kind decides
            same = [d for d in same if d.kind == other[0].kind]
        if len(same) == 1:
            return same[0]
    fail(f"{where} holds {len(documents)} documents: say which with --document N (1 to {len(documents)})")


def _read_file(path: Path) -> tuple[list[Document], Version]:
    from hyoka.parse import parse_source
    from hyoka.parse.bundle import NoDocumentError
    from hyoka.review.diff import Version
    from hyoka.sources import SourceError, read_source

    try:
        source = read_source(path, max_bytes=settings().max_input_bytes)
        result = parse_source(source)
    except SourceError as exc:
        fail(str(exc))
    except NoDocumentError as exc:
        fail(f"{path}: {exc}", status=3)
    if not result.documents:
        fail(f"{path}: no objective document recognised", status=3)
    return result.documents, Version(result.documents[0], str(path), source.lines)


def _read_stored(reference: str) -> Version:
    from hyoka.report.comparison.stored import stored_version, version_of

    matched = _STORED.fullmatch(reference)
    if matched is None:
        fail(f"{reference}: no such file, and not a stored document id (3) or version (3@2)")
    with opened_store() as store:
        document_id = int(matched.group(1))
        if matched.group(2) is not None:
            found = version_of(store, document_id, int(matched.group(2)))
            if found is None:
                fail(
                    f"{reference}: the document {document_id} has no version {matched.group(2)} (hyoka list shows them)"
                )
            document_id = found
        version = stored_version(store, document_id)
    if version is None:
        fail(f"{reference}: no stored document with id {document_id} (hyoka list shows the ids)")
    return version


def _versions(old: str, new: str, indexes: tuple[int | None, int | None]) -> tuple[Version, Version]:
    from dataclasses import replace

    read: dict[str, tuple[list[Document], Version]] = {}
    for reference in (old, new):
        if Path(reference).is_file():
            read[reference] = _read_file(Path(reference))
        else:
            version = _read_stored(reference)
            read[reference] = ([version.document], version)
    sides = []
    for (reference, other), index in zip(((old, new), (new, old)), indexes, strict=True):
        documents, version = read[reference]
        chosen = _pick(documents, reference, index, read[other][0])
        sides.append(replace(version, document=chosen))
    return sides[0], sides[1]


def _write(comparison: Comparison, fmt: DiffFormat, out: Path | None, all_rows: bool) -> None:
    if fmt is DiffFormat.table:
        from rich.markup import escape

        from hyoka.report.comparison.table import comparison_table, summary_lines

        console.print(comparison_table(comparison, all_rows=all_rows))
        for line in summary_lines(comparison):
            console.print(escape(line))
        return
    if fmt is DiffFormat.xlsx:
        from hyoka.report.comparison.xlsx import write_xlsx

        assert out is not None  # checked before the work
        with writing(out):
            write_xlsx(comparison, out)
        console.print(f"Wrote {out}")
        return
    if fmt is DiffFormat.html:
        from hyoka.report.comparison.html import render_html

        text = render_html(comparison)
    else:
        text = comparison.to_json()
    if out is None:
        with writing("standard output"):
            sys.stdout.write(text + "\n")
        return
    from hyoka.report.output import replacing

    with writing(out), replacing(out) as partial:
        partial.write_text(text + "\n", encoding="utf-8")
    console.print(f"Wrote {out}")


Format = Annotated[DiffFormat, typer.Option("--format", help="table (terminal), json, html or xlsx.")]
Out = Annotated[
    Path | None, typer.Option("--out", help="File to write (xlsx: required; json, html: else standard output).")
]
Which = Annotated[int | None, typer.Option("--document", min=1, help="Which document of a bundle (from 1).")]
OldWhich = Annotated[int | None, typer.Option("--old-document", min=1, help="--document for OLD only.")]
NewWhich = Annotated[int | None, typer.Option("--new-document", min=1, help="--document for NEW only.")]
NewLabel = Annotated[str, typer.Option("--new-label", help="Heading of the new column (新, 変更後, 改正案…).")]
OldLabel = Annotated[str, typer.Option("--old-label", help="Heading of the old column (旧, 変更前, 現行…).")]
NoCheck = Annotated[bool, typer.Option("--no-check", help="Do not check both versions for new findings.")]
AllRows = Annotated[bool, typer.Option("--all", help="table: show unchanged items too.")]


def _destination(fmt: DiffFormat, out: Path | None) -> Path | None:
    """`--out` checked before any work (None: standard output); a workbook needs a file."""
    if fmt is DiffFormat.xlsx and (out is None or str(out) == "-"):
        fail("--format xlsx needs --out FILE.xlsx (a workbook is binary)")
    if out is None or str(out) == "-" or fmt is DiffFormat.table:
        return None
    return checked_output(out, suffixes=_SUFFIXES[fmt], what=fmt.value)


@app.command()
def diff(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The old version: a file, or a stored id (3) or version (3@2).")
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The new version: a file, or a stored id or version.")],
    *,
    fmt: Format = DiffFormat.table,
    out: Out = None,
    document: Which = None,
    old_document: OldWhich = None,
    new_document: NewWhich = None,
    new_label: NewLabel = "改正後",
    old_label: OldLabel = "改正前",
    no_check: NoCheck = False,
    all_rows: AllRows = False,
) -> None:
    """Compare two versions of an objective document: the 新旧対照表 (old-versus-new table).

    Items are aligned by title and content, so a renumbered, moved, split or merged item is shown
    as such; changed text is underlined on both sides; targets, marks, evaluation axes, units, the
    period and the decision date are compared; the findings of hyoka check that are new in NEW
    are listed. A bundle's document is named by --document (both sides) or --old-document and
    --new-document. Exit status 2 for bad input, 3 when a file holds no objective document.

    Example: hyoka diff objectives-2024.pdf objectives-2025.pdf --format xlsx --out 新旧対照表.xlsx
    """
    from hyoka.model.comparison import ColumnLabels
    from hyoka.review.diff import DiffSettings, compare

    destination = _destination(fmt, out)
    older, newer = _versions(old, new, (old_document or document, new_document or document))
    labels = ColumnLabels(new=new_label, old=old_label)
    comparison = compare(older, newer, DiffSettings(labels=labels, check=not no_check))
    _write(comparison, fmt, destination, all_rows)
