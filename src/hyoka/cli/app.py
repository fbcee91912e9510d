"""The Typer application, its consoles, and what every command shares: failing on one line, the
database (the `Store` for reading, `database()` for the write transactions), the settings, JSON
output, and the guard that keeps tracebacks away from users.

Start-up: a command pays only for what it uses. Nothing here, nor in the command modules, imports
the store (SQLAlchemy, Alembic), the reports (openpyxl, Jinja2), the readers (pypdfium2,
python-docx) or the parser at module level: each command imports what it needs when it runs.
`tests/cli/test_startup.py` checks this through `sys.modules`.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from hyoka import __version__
from hyoka.settings import Settings, SettingsError, default_data_dir

if TYPE_CHECKING:
    from hyoka.store.database import Database
    from hyoka.store.store import Store

app = typer.Typer(
    name="hyoka",
    help="hyoka (評価): objectives and evaluation of incorporated administrative agencies.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",  # docstring paragraphs reflow to the terminal; a blank line ends one
    pretty_exceptions_enable=False,
)


console = Console()


# Errors stay on one line whatever the terminal width, so they can be grepped and parsed.
errors = Console(stderr=True, soft_wrap=True)


EXIT_FAILED = 1  # the job could not be done: a database busy, full or damaged; a file not written
EXIT_BAD_INPUT = 2  # the input or the arguments are wrong


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
    settings.cache_clear()  # each invocation reads the environment afresh (tests run many in one process)


def fail(message: str, *, status: int = EXIT_BAD_INPUT) -> NoReturn:
    """Report an error on one stderr line and exit (status 2: bad input; 1: the job failed)."""
    errors.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(status)


@functools.cache
def settings() -> Settings:
    """The settings of this command, built once from the environment."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        fail(str(exc))


@contextmanager
def database() -> Iterator[Database]:
    from hyoka.store.database import StoreError, open_database

    try:
        with open_database(settings()) as opened:
            yield opened
    except StoreError as exc:
        fail(str(exc), status=EXIT_FAILED)


@contextmanager
def opened_store() -> Iterator[Store]:
    """The `Store` on the configured database (brought to the latest schema), for reading; the
    engine is closed after. A database error is one line and exit 1."""
    from hyoka.store.database import StoreError
    from hyoka.store.store import Store

    try:
        with Store.open(settings()) as store:
            yield store
    except StoreError as exc:
        fail(str(exc), status=EXIT_FAILED)


def print_json(data: object) -> None:
    """`data` (a view, a record, a list of them, or plain values) as indented JSON on standard output."""
    from pydantic import TypeAdapter

    sys.stdout.write(TypeAdapter(Any).dump_json(data, indent=2).decode("utf-8") + "\n")


def checked_output(path: Path, *, suffixes: tuple[str, ...], what: str) -> Path:
    """`path` checked as the destination of a file, before any work is done (exit 2 if unfit)."""
    from hyoka.report.output import OutputError, output_file

    try:
        return output_file(path, suffixes=suffixes, what=what)
    except OutputError as exc:
        fail(str(exc))


def checked_output_folder(path: Path, *, what: str) -> Path:
    from hyoka.report.output import OutputError, output_folder

    try:
        return output_folder(path, what=what)
    except OutputError as exc:
        fail(str(exc))


@contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Writing `path`: an error midway (a full disk, say) is one line and exit 1; the file is not left half-written."""
    from hyoka.report.output import OutputError

    try:
        yield
    except OutputError as exc:
        fail(str(exc), status=EXIT_FAILED)
    except BrokenPipeError:  # standard output's reader went away (`| head`): `run` ends quietly
        raise
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}", status=EXIT_FAILED)


def _crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected error where a maintainer can find it; never raise."""
    try:
        folder = default_data_dir(os.environ)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()} hyoka {__version__} {sys.argv[1:]!r}\n")
            log.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def run() -> None:
    """Run the command line; whatever happens, the user sees one line, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # `hyoka … | head`: the reader went away; that is not an error
        sys.stderr.close()
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        log = _crash_log(exc)
        where = f"; details in {log}" if log else ""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        name = escape(type(exc).__name__)
        errors.print(f"[red]error:[/red] unexpected {name}: {escape(first)} (a bug in hyoka{escape(where)})")
        sys.exit(EXIT_FAILED)
