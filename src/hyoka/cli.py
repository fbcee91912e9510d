"""The `hyoka` command: thin wrappers over the library, each with an example in its help."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session, sessionmaker

from hyoka import __version__
from hyoka.model import ParseResult
from hyoka.model.schema import parse_json_schema
from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.report.export import ExportFormat, MissingDocumentsError, documents_for_export, export_documents
from hyoka.report.ingest_summary import ingest_table
from hyoka.report.listing import EMPTY_STORE, summaries_table, summary_dict
from hyoka.report.outline import document_tree, render_outline
from hyoka.report.targets_table import targets_table
from hyoka.samples import sample_path
from hyoka.settings import Settings
from hyoka.sources import SourceError, read_source
from hyoka.store.database import DatabaseUnavailable, open_database
from hyoka.store.ingest import ingest_file, input_files
from hyoka.store.reader import list_documents, load_document
from hyoka.store.search import DEFAULT_MARK, SECTION_KINDS, SearchPage
from hyoka.store.search import search as search_store

app = typer.Typer(
    name="hyoka",
    help="hyoka (評価): objectives and evaluation of incorporated administrative agencies.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
# Errors stay on one line whatever the terminal width, so they can be grepped and parsed.
errors = Console(stderr=True, soft_wrap=True)

EXIT_BAD_INPUT = 2


def _version(value: bool) -> None:
    if value:
        console.print(f"hyoka {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """hyoka (評価): parse objective documents (中期目標・中長期目標) into structured data."""


def _fail(message: str) -> NoReturn:
    """Report bad input on one stderr line and exit with status 2."""
    errors.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="Objective document: text extracted from the PDF, or typed.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the hyoka.parse/1 JSON contract.")] = False,
) -> None:
    """Parse an objective document (or a bundle of them) and show its structure.

    Example: hyoka parse objectives.txt --json > objectives.json
    """
    result = _parse_or_fail(file)
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
        return
    render_outline(result, console)


@app.command()
def targets(
    file: Annotated[Path, typer.Argument(help="Objective document (text), or a bundle of them.")],
) -> None:
    """List the quantitative targets (定量目標) with item, level, scope and baseline.

    Example: hyoka targets objectives.txt
    """
    console.print(targets_table(_parse_or_fail(file)))


def _parse_or_fail(file: Path) -> ParseResult:
    try:
        return parse_source(read_source(file))
    except SourceError as exc:
        _fail(str(exc))
    except NoDocumentError as exc:
        _fail(f"{file}: {exc}")


@app.command()
def demo() -> None:
    """Parse the bundled synthetic sample (中期目標) and show its outline.

    Example: hyoka demo
    """
    path = sample_path()
    console.print(f"[dim]sample: {path.name}[/dim]")
    render_outline(parse_source(read_source(path)), console)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the hyoka.parse/1 contract that parse --json prints.

    Example: hyoka schema > docs/parse-json.schema.json
    """
    sys.stdout.write(json.dumps(parse_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF, Word (.docx) or text files, or folders.")],
) -> None:
    """Store objective documents in the database, one transaction per file.

    A file that fails leaves nothing behind and the others go on; the same content ingested again
    changes nothing; a new revision of a stored document becomes its next version.

    Example: hyoka ingest objectives/ 2025-draft.pdf
    """
    settings = Settings.from_env()
    files = list(input_files(paths))
    if not files:
        _fail("no files to ingest (looked for .pdf, .docx, .txt)")
    outcomes = []
    with _database() as sessions, Progress(console=errors, transient=True) as progress:
        task = progress.add_task("取込中", total=len(files))
        for path in files:
            progress.update(task, description=f"取込中 {path.name}")
            outcomes.append(ingest_file(sessions, path, settings))
            progress.advance(task)
    console.print(ingest_table(outcomes))
    if any(outcome.status == "failed" for outcome in outcomes):
        raise typer.Exit(1)


@contextmanager
def _database() -> Iterator[sessionmaker[Session]]:
    try:
        with open_database(Settings.from_env()) as sessions:
            yield sessions
    except DatabaseUnavailable as exc:
        _fail(str(exc))


@contextmanager
def _stored_session() -> Iterator[Session]:
    """A session on the configured database (brought to the latest schema); the engine is closed after."""
    with _database() as sessions, sessions() as session:
        yield session


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the listing as JSON.")] = False,
) -> None:
    """List the stored documents: agency, kind, period, version and what was found in each.

    Example: hyoka list --json
    """
    with _stored_session() as session:
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
    with _stored_session() as session:
        try:
            doc = load_document(session, doc_id)
        except KeyError:
            _fail(f"no stored document with id {doc_id} (hyoka list shows the ids)")
    if as_json:
        sys.stdout.write(doc.model_dump_json(indent=2) + "\n")
        return
    console.print(document_tree(doc))


@app.command()
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="json: one file; csv: a folder of tables; xlsx: a workbook.")
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
    if fmt is ExportFormat.csv and out.exists() and not out.is_dir():
        _fail(f"{out} is a file: csv export writes a folder of files")
    if fmt is not ExportFormat.csv and out.is_dir():
        _fail(f"{out} is a directory: {fmt.value} export writes one file")
    with _stored_session() as session:
        try:
            documents = documents_for_export(session, doc_ids)
        except MissingDocumentsError as exc:
            _fail(f"{exc} (hyoka list shows the ids)")
    try:
        written = export_documents(documents, fmt, out)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    if not documents:
        console.print(EMPTY_STORE)
    files = ", ".join(escape(str(path)) for path in written)
    console.print(f"Exported {len(documents)} document(s) as {fmt.value}: {files}")


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
    if section is not None and section not in SECTION_KINDS:
        _fail(f"unknown section {section!r}; one of: {', '.join(SECTION_KINDS)}")
    query = " ".join(words)
    with _stored_session() as session:
        page = search_store(
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
            mark=DEFAULT_MARK if as_json else _HIT,
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


def main() -> None:
    app()
