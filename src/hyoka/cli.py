"""The `hyoka` command: thin wrappers over the library, each with an example in its help."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from hyoka import __version__
from hyoka.model import ParseResult
from hyoka.model.schema import parse_json_schema
from hyoka.parse import parse_source
from hyoka.parse.bundle import NoDocumentError
from hyoka.report.outline import render_outline
from hyoka.report.targets_table import targets_table
from hyoka.samples import sample_path
from hyoka.sources import SourceError, read_source

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


def main() -> None:
    app()
