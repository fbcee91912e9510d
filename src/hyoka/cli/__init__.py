"""The `hyoka` command: thin wrappers over the library, each with an example in its help.

One module per concern registers its commands on the shared Typer app.
"""

from hyoka.cli import documents, evaluation, maintenance, stored  # noqa: F401  (registers the commands)
from hyoka.cli.app import app, run


def main() -> None:
    run()


__all__ = ["app", "main"]
