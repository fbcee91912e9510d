"""The Typer application, its consoles, and what every command shares: failing on one line, the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session, sessionmaker

from hyoka import __version__
from hyoka.settings import Settings
from hyoka.store.database import DatabaseUnavailable, open_database

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


def fail(message: str) -> NoReturn:
    """Report bad input on one stderr line and exit with status 2."""
    errors.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def database() -> Iterator[sessionmaker[Session]]:
    try:
        with open_database(Settings.from_env()) as sessions:
            yield sessions
    except DatabaseUnavailable as exc:
        fail(str(exc))


@contextmanager
def stored_session() -> Iterator[Session]:
    """A session on the configured database (brought to the latest schema); the engine is closed after."""
    with database() as sessions, sessions() as session:
        yield session
