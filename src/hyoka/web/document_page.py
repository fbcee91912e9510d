"""The 文書 page's body rendered once per stored version and kept in the database for every
worker, so that even a first visit to a document reads one row instead of building its page.

A stored version is never rewritten (a new text is a new version, a new row), so its heading
tree with targets, marks, axes rows and units, its source text line by line and the parser's
warnings are the same on every request: of the page, only the version's record (a newer version
makes it superseded) and the list of its versions are read fresh. Building the body costs tens of
milliseconds (the contract, some thousand source lines, a quarter of a megabyte of HTML) and
every worker process would pay it on its first visit of each document; kept in the database it
is paid once, by whichever process renders it first — `hyoka serve` renders the missing ones
before it starts serving (`render_missing`, which also drops the bodies kept by other code, so
the table holds one body per version), and a version stored while the server runs is rendered
on its first visit.

A kept body is keyed by `RENDERER`, a digest of hyoka's code and templates, so a body rendered by
other code is never shown; the JSON twin is built as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from hyoka import __version__
from hyoka.report.views.document import document_body_view
from hyoka.store.database import StoreError
from hyoka.store.store import Store
from hyoka.web.templating import env

__all__ = ["RENDERER", "DocumentBody", "kept_body", "render_body", "render_missing"]

_TEMPLATE = "document_body.html.j2"


def _renderer() -> str:
    """A digest of hyoka's code and templates: what a body is rendered with is more than its
    template (the views that place targets and marks, the source lines' markup, the labels, the
    store that reads the contract), and the version number does not change with each of them;
    any change of the package's code renders the bodies again."""
    package = files("hyoka")
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(str(package)).rglob("*")):
        if path.suffix in {".py", ".j2"} and path.is_file():
            digest.update(path.relative_to(str(package)).as_posix().encode())
            digest.update(path.read_bytes())
    return f"document-body/{digest.hexdigest()[:40]}"


RENDERER = _renderer()


@dataclass(frozen=True, slots=True)
class DocumentBody:
    """The kept part of a version's page: its title and pages, and two pieces of markup."""

    title: str | None
    pages: int | None
    warnings: Markup
    html: Markup


def _render(store: Store, document_id: int) -> DocumentBody | None:
    view = document_body_view(store, document_id)
    if view is None:
        return None
    macros = env.get_template(_TEMPLATE).module
    return DocumentBody(view.title, view.pages, Markup(macros.warnings(view)), Markup(macros.body(view)))  # type: ignore[attr-defined]


def _dumps(body: DocumentBody) -> str:
    """One line of JSON (title, pages, warnings), then the body's markup as it is: a quarter of a
    megabyte of HTML inside a JSON string cost a third of a millisecond to decode on each read."""
    head = json.dumps({"title": body.title, "pages": body.pages, "warnings": str(body.warnings)}, ensure_ascii=False)
    return f"{head}\n{body.html}"  # json.dumps writes a newline in a value as \n: the first one ends the head


def _loads(content: str) -> DocumentBody | None:
    """The kept body, or None if the row does not hold one (then it is rendered again)."""
    head, newline, html = content.partition("\n")
    if not newline:
        return None
    try:
        kept = json.loads(head)
        return DocumentBody(kept["title"], kept["pages"], Markup(kept["warnings"]), Markup(html))
    except (ValueError, KeyError, TypeError):
        return None


def kept_body(store: Store, document_id: int) -> DocumentBody | None:
    """The body kept for the version by this renderer, if any: one indexed read, never a write."""
    content = store.kept_rendering(document_id, RENDERER)
    return _loads(content) if content is not None else None


def render_body(store: Store, document_id: int) -> DocumentBody | None:
    """The body of the version's page rendered now, and kept; None when the version is not stored."""
    body = _render(store, document_id)
    if body is not None:
        # a busy or read-only database: shown all the same, kept another time
        with contextlib.suppress(StoreError):
            store.keep_rendering(document_id, RENDERER, _dumps(body))
    return body



def render_missing(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Drop the bodies kept by other code, then render and keep the body of every stored version
    that has none by this renderer, newest first; returns how many were rendered.
    `progress(done, total)` is called as it goes."""
    store.drop_other_renderings(RENDERER)
    missing = store.versions_without_rendering(RENDERER)
    for done, document_id in enumerate(missing, 1):
        render_body(store, document_id)
        if progress is not None:
            progress(done, len(missing))
    return len(missing)
