"""The `hyoka` command: thin wrappers over the library, each with an example in its help.

One module per concern registers its commands on the shared Typer app.

Pydantic looks for plugins among every installed package's entry points the first time a model
is built (some 20 ms of each command's start-up); hyoka uses none, so the command turns the scan
off unless the user's environment says otherwise (`PYDANTIC_DISABLE_PLUGINS`).
"""

import os

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# the setting above must come before anything that may import Pydantic

from hyoka.cli import check, diff, documents, entries, evaluation, maintenance, sheets, stored, web  # noqa: F401  (registers the commands)
from hyoka.cli.app import app, run


def main() -> None:
    run()


__all__ = ["app", "main"]
