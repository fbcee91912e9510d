"""Commands on the database: ingest, list, show, export, search.

The reading commands are thin wrappers over the `Store` and the views the web uses: `list` prints
the document records `/api/v1/documents` serves, `show --json` the contract the API's document
carries, `search --json` the view `/api/v1/search` answers; without `--json`, a Rich table.
"""

from __future__ import annotations

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
    opened_store,
    print_json,
    settings,
    writing,
)

if TYPE_CHECKING:
    from rich.table import Table

    from hyoka.report.views.search import SearchResults


class ExportFormatOption(StrEnum):
    """The choices of `export --format`: `hyoka.report.export.ExportFormat`'s, which imports openpyxl."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ExportTableOption(StrEnum):
    """The choices of `export --table`: `hyoka.report.export.TABLE_NAMES`."""

    documents = "documents"
    items = "items"
    targets = "targets"
    axes = "axes"


#: `--out -` (or no --out): standard output, as sqlite-utils takes it.
STDOUT = "-"


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
    *,
    agency: Annotated[str | None, typer.Option("--agency", help="Part of the agency's name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Document kind: 中期目標, 中長期目標, 年度目標.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="A fiscal year the document's period covers.")] = None,
    current: Annotated[bool, typer.Option("--current", help="Leave out versions a newer one replaced.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the document records as JSON.")] = False,
) -> None:
    """List the stored documents: agency, kind, period, version and what was found in each.

    --json prints the records /api/v1/documents serves, every one that the filters leave.

    Example: hyoka list --kind 中期目標 --year 2026 --json
    """
    from hyoka.report.listing import EMPTY_STORE, documents_table
    from hyoka.store.catalog import DocumentFilter

    given = DocumentFilter(agency=agency, kind=kind, fiscal_year=year, current_only=current)
    with opened_store() as store:
        documents = store.documents(given, limit=None).data
        empty = not documents and not store.has_documents()
    if as_json:
        print_json(documents)
    elif empty:
        console.print(EMPTY_STORE)
    elif not documents:
        console.print("No stored document matches.")
    else:
        console.print(documents_table(documents))


@app.command()
def show(
    doc_id: Annotated[int, typer.Argument(metavar="DOC_ID", help="Id of a stored document, as `hyoka list` shows.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the document in the hyoka.parse/1 shape.")] = False,
) -> None:
    """Show a stored document: its outline, or its contract JSON with --json.

    Example: hyoka show 3 --json
    """
    from hyoka.report.outline import document_tree

    with opened_store() as store:
        doc = store.contract(doc_id)
    if doc is None:
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
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File (json, xlsx) or folder (csv) to write; omitted or -: standard output (json, csv --table).",
        ),
    ] = None,
    doc_ids: Annotated[
        list[int] | None, typer.Option("--doc", help="Id of a document to export; repeat it. Default: all.")
    ] = None,
    table: Annotated[
        ExportTableOption | None,
        typer.Option("--table", help="csv only: just this table (documents, items, targets, axes)."),
    ] = None,
) -> None:
    """Export stored documents as JSON, CSV (documents, items, targets, axes) or an Excel workbook.

    CSV files are UTF-8 with a BOM and Japanese headers, so Excel opens them as they are. Without
    --out (or with --out -) the export goes to standard output, as sqlite-utils does: the JSON,
    or the one CSV table --table names (no BOM); a workbook is binary and needs --out.

    Example: hyoka export --format json --doc 1 > hyoka.json
    """
    to_stdout = out is None or str(out) == STDOUT
    if table is not None and fmt is not ExportFormatOption.csv:
        fail(f"--table is for --format csv; a {fmt.value} export holds every table")
    if to_stdout and fmt is ExportFormatOption.xlsx:
        fail("an xlsx workbook is binary and is not written to standard output: give --out FILE.xlsx")
    if to_stdout and fmt is ExportFormatOption.csv and table is None:
        fail("a csv export is four tables: give --out FOLDER, or --table documents|items|targets|axes for one")
    if out is not None and not to_stdout:
        if fmt is ExportFormatOption.csv:
            checked_output_folder(out, what="csv export files")
        else:
            checked_output(out, suffixes=(f".{fmt.value}",), what=f"{fmt.value} export")
    from hyoka.report.export import (
        ExportFormat,
        MissingDocumentsError,
        documents_for_export,
        export_documents,
        write_stream,
    )
    from hyoka.report.listing import EMPTY_STORE

    with opened_store() as store:
        try:
            documents = documents_for_export(store, doc_ids)
        except MissingDocumentsError as exc:
            fail(f"{exc} (hyoka list shows the ids)")
    chosen = table.value if table is not None else None
    if out is None or to_stdout:
        with writing("standard output"):
            write_stream(documents, ExportFormat(fmt.value), sys.stdout, table=chosen)
        if not documents:
            errors.print(EMPTY_STORE)
        return
    with writing(out):
        files = export_documents(documents, ExportFormat(fmt.value), out, table=chosen)
    if not documents:
        console.print(EMPTY_STORE)
    names = ", ".join(escape(str(path)) for path in files)
    console.print(f"Exported {len(documents)} document(s) as {fmt.value}: {names}")


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
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits and facets as /api/v1/search does.")] = False,
) -> None:
    """Search the stored documents: items, targets, marks, evaluation axes, indicators, annexes.

    Full- and half-width letters and digits match each other (ＡＢＣ, ABC); several words must all match.

    Example: hyoka search 一般管理費 --targets --year 2026
    """
    from hyoka.report.views.search import SearchQuery, search_view
    from hyoka.store.search import SECTION_KINDS as STORE_SECTION_KINDS

    if section is not None and section not in STORE_SECTION_KINDS:
        fail(f"unknown section {section!r}; one of: {', '.join(STORE_SECTION_KINDS)}")
    query = SearchQuery(
        q=" ".join(words), agency=agency, kind=kind, section_kind=section,
        entry_kind="target" if targets_only else None, marked=marked, fiscal_year=year, offset=offset, limit=limit,
    )  # fmt: skip
    with opened_store() as store:
        try:
            results = search_view(store, query)
        except ValueError as exc:  # a choice the store does not know; it names the ones it does
            fail(str(exc))
    if as_json:
        print_json(results)
        return
    if not results.hits:
        found = f"{results.total} in all, none after the first {offset}" if results.total else "none"
        console.print(f"No hits for 「{escape(query.q)}」: {found}.")
        return
    console.print(_search_table(results))


def _search_table(results: SearchResults) -> Table:
    from rich.table import Table
    from rich.text import Text

    shown = f"{results.offset + 1}–{results.offset + len(results.hits)}"
    table = Table(title=f"「{escape(results.q)}」 {results.total}件中 {shown}件", show_lines=True)
    table.add_column("法人", overflow="fold", ratio=1)
    table.add_column("項目", overflow="fold", ratio=2)
    table.add_column("種別", no_wrap=True)
    table.add_column("行/頁", no_wrap=True, justify="right")
    table.add_column("抜粋", overflow="fold", ratio=4)
    for hit in results.hits:
        snippet = Text.assemble(*((part.text, "bold reverse") if part.match else part.text for part in hit.snippet))
        where = f"{hit.line}" + (f"/p.{hit.page}" if hit.page is not None else "")
        table.add_row(Text(hit.agency or "?"), Text(hit.item_path), hit.kind_label, where, snippet)
    return table
