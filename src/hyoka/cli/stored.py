"""Commands on the database: ingest, list, show, export, search."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from hyoka.cli.app import (
    app,
    checked_output,
    checked_output_folder,
    console,
    database,
    errors,
    fail,
    settings,
    stored_session,
    writing,
)

if TYPE_CHECKING:
    from rich.table import Table

    from hyoka.store.search import SearchPage


class ExportFormatOption(StrEnum):
    """The choices of `export --format`: `hyoka.report.export.ExportFormat`'s, which imports openpyxl."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


# `hyoka.store.search.SECTION_KINDS` (which imports SQLAlchemy), for the help of `search --section`;
# the command checks the value against the store's own tuple. tests/cli/test_startup.py keeps them equal.
SECTION_KINDS = ("mission", "period", "quality", "efficiency", "finance", "other")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF, Word (.docx) or text files, or folders.")],
) -> None:
    """Store objective documents in the database, one transaction per file.

    A file that fails leaves nothing behind and the others go on; the same content ingested again
    changes nothing; a new revision of a stored document becomes its next version.

    Example: hyoka ingest objectives/ 2025-draft.pdf
    """
    from rich.progress import Progress

    from hyoka.report.ingest_summary import ingest_table
    from hyoka.store.ingest import ingest_file, input_files

    config = settings()
    files = list(input_files(paths))
    if not files:
        fail("no files to ingest (looked for .pdf, .docx, .txt)")
    outcomes = []
    with database() as db, Progress(console=errors, transient=True) as progress:
        task = progress.add_task("取込中", total=len(files))
        for path in files:
            progress.update(task, description=f"取込中 {path.name}")
            outcomes.append(ingest_file(db, path, config))
            progress.advance(task)
    console.print(ingest_table(outcomes))
    if any(outcome.status == "failed" for outcome in outcomes):
        raise typer.Exit(1)


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the listing as JSON.")] = False,
) -> None:
    """List the stored documents: agency, kind, period, version and what was found in each.

    Example: hyoka list --json
    """
    from hyoka.report.listing import EMPTY_STORE, summaries_table, summary_dict
    from hyoka.store.reader import list_documents

    with stored_session() as session:
        summaries = list_documents(session)
    if as_json:
        listing = [summary_dict(summary) for summary in summaries]
        sys.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
        return
    if not summaries:
        console.print(EMPTY_STORE)
        return
    console.print(summaries_table(summaries))


@app.command()
def show(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID", help="Id of a stored document, as `hyoka list` shows.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the document in the hyoka.parse/1 shape.")] = False,
) -> None:
    """Show a stored document: its outline, or its contract JSON with --json.

    Example: hyoka show 3 --json
    """
    from hyoka.report.outline import document_tree
    from hyoka.store.reader import load_document

    with stored_session() as session:
        try:
            doc = load_document(session, doc_id)
        except KeyError:
            fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
    if as_json:
        sys.stdout.write(doc.model_dump_json(indent=2) + "\n")
        return
    console.print(document_tree(doc))


@app.command()
def export(
    fmt: Annotated[
        ExportFormatOption, typer.Option("--format", help="json: one file; csv: a folder of tables; xlsx: a workbook.")
    ],
    out: Annotated[Path, typer.Option("--out", help="File to write (json, xlsx) or folder (csv).")],
    doc_ids: Annotated[
        list[int] | None, typer.Option("--doc", help="Id of a document to export; repeat it. Default: all.")
    ] = None,
) -> None:
    """Export stored documents as JSON, CSV (documents, items, targets, axes) or an Excel workbook.

    CSV files are UTF-8 with a BOM and Japanese headers, so Excel opens them as they are.

    Example: hyoka export --format xlsx --out hyoka.xlsx --doc 1 --doc 2
    """
    if fmt is ExportFormatOption.csv:
        checked_output_folder(out, what="csv export files")
    else:
        checked_output(out, suffixes=(f".{fmt.value}",), what=f"{fmt.value} export")
    from hyoka.report.export import ExportFormat, MissingDocumentsError, documents_for_export, export_documents
    from hyoka.report.listing import EMPTY_STORE

    with stored_session() as session:
        try:
            documents = documents_for_export(session, doc_ids)
        except MissingDocumentsError as exc:
            fail(f"{exc} (hyoka list shows the ids)")
    with writing(out):
        files = export_documents(documents, ExportFormat(fmt.value), out)
    if not documents:
        console.print(EMPTY_STORE)
    names = ", ".join(escape(str(path)) for path in files)
    console.print(f"Exported {len(documents)} document(s) as {fmt.value}: {names}")


# Private-use characters around the match, turned into a highlight when the table is drawn.
_HIT = ("\ue000", "\ue001")


@app.command()
def search(
    words: Annotated[list[str], typer.Argument(metavar="QUERY", help="Words to find; several words must all match.")],
    *,
    agency: Annotated[str | None, typer.Option("--agency", help="Part of the agency's name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Document kind: 中期目標, 中長期目標, 年度目標.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="A fiscal year the document's period covers.")] = None,
    section: Annotated[str | None, typer.Option("--section", help=f"One of: {', '.join(SECTION_KINDS)}.")] = None,
    targets_only: Annotated[bool, typer.Option("--targets", help="Only quantitative targets (定量目標).")] = False,
    marked: Annotated[bool, typer.Option("--marked", help="Only items marked 重要度 or 困難度.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Hits to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip (the next page).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
) -> None:
    """Search the stored documents: items, targets, marks, evaluation axes, indicators, annexes.

    Full- and half-width letters and digits match each other (ＡＢＣ, ABC); several words must all match.

    Example: hyoka search 一般管理費 --targets --year 2026
    """
    from hyoka.store import search as store_search

    if section is not None and section not in store_search.SECTION_KINDS:
        fail(f"unknown section {section!r}; one of: {', '.join(store_search.SECTION_KINDS)}")
    query = " ".join(words)
    with stored_session() as session:
        page = store_search.search(
            session,
            query,
            agency=agency,
            kind=kind,
            period_year=year,
            section_kind=section,
            only_targets=targets_only,
            only_marked=marked,
            limit=limit,
            offset=offset,
            mark=store_search.DEFAULT_MARK if as_json else _HIT,
        )
    if as_json:
        hits = [dataclasses.asdict(hit) for hit in page.hits]
        listing = {"query": query, "total": page.total, "offset": offset, "hits": hits}
        sys.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
        return
    if not page.hits:
        found = f"{page.total} in all, none after the first {offset}" if page.total else "none"
        console.print(f"No hits for 「{escape(query)}」: {found}.")
        return
    console.print(_search_table(query, page, offset))


def _search_table(query: str, page: SearchPage, offset: int) -> Table:
    from rich.table import Table
    from rich.text import Text

    shown = f"{offset + 1}–{offset + len(page.hits)}"
    table = Table(title=f"「{escape(query)}」 {page.total}件中 {shown}件", show_lines=True)
    table.add_column("法人", overflow="fold", ratio=1)
    table.add_column("項目", overflow="fold", ratio=2)
    table.add_column("種別", no_wrap=True)
    table.add_column("行/頁", no_wrap=True, justify="right")
    table.add_column("抜粋", overflow="fold", ratio=4)
    for hit in page.hits:
        before, _, rest = hit.snippet.partition(_HIT[0])
        match, _, after = rest.partition(_HIT[1])
        snippet = Text.assemble(before, (match, "bold reverse"), after)
        where = f"{hit.line}" + (f"/p.{hit.page}" if hit.page is not None else "")
        table.add_row(Text(hit.agency or "?"), Text(hit.item_path), hit.kind, where, snippet)
    return table
