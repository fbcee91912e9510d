"""Commands on files that need no database: parse, targets, demo, schema.

The parser, the contract models and the readers are imported by the commands that use them, so
that `hyoka --help` or a database command does not pay for them (see `hyoka.cli.app`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hyoka.cli.app import app, console, fail, settings

if TYPE_CHECKING:
    from hyoka.model import ParseResult


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
    from hyoka.report.outline import render_outline

    render_outline(result, console)


@app.command()
def targets(
    file: Annotated[Path, typer.Argument(help="Objective document (text), or a bundle of them.")],
) -> None:
    """List the quantitative targets (定量目標) with item, level, scope and baseline.

    Example: hyoka targets objectives.txt
    """
    from hyoka.report.targets_table import targets_table

    console.print(targets_table(_parse_or_fail(file)))


def _parse_or_fail(file: Path) -> ParseResult:
    from hyoka.parse import parse_source
    from hyoka.parse.bundle import NoDocumentError
    from hyoka.sources import SourceError, read_source

    try:
        return parse_source(read_source(file, max_bytes=settings().max_input_bytes))
    except SourceError as exc:
        fail(str(exc))
    except NoDocumentError as exc:
        fail(f"{file}: {exc}")


@app.command()
def demo() -> None:
    """Parse the bundled synthetic sample (中期目標) and show its outline.

    Example: hyoka demo
    """
    from hyoka.parse import parse_source
    from hyoka.report.outline import render_outline
    from hyoka.samples import sample_path
    from hyoka.sources import read_source

    path = sample_path()
    console.print(f"[dim]sample: {path.name}[/dim]")
    render_outline(parse_source(read_source(path)), console)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the hyoka.parse/1 contract that parse --json prints.

    Example: hyoka schema > docs/parse-json.schema.json
    """
    from hyoka.model.schema import parse_json_schema

    sys.stdout.write(json.dumps(parse_json_schema(), ensure_ascii=False, indent=2) + "\n")
