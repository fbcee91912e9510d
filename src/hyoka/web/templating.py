"""The Jinja2 templates of the pages: autoescaped (document text is never markup), with the
labels and number formats every page shares as globals and filters."""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from hyoka import __version__
from hyoka.model.records import CATEGORY_LABELS
from hyoka.report import labels
from hyoka.web.responses import HTML_TYPE, with_etag
from hyoka.web.source_lines import source_lines_html

templates = Jinja2Templates(directory=str(files("hyoka.web") / "templates"))
env = templates.env
env.autoescape = True
env.trim_blocks = True
env.lstrip_blocks = True
env.filters["year"] = labels.year_label
env.filters["number"] = labels.number_text
env.globals.update(
    version=__version__,
    scope_names=labels.SCOPE_NAMES,
    section_names=labels.SECTION_NAMES,
    flag_names=labels.FLAG_NAMES,
    stage_names=labels.STAGE_NAMES,
    evaluator_names=labels.EVALUATOR_NAMES,
    entry_kinds=labels.ENTRY_KINDS,
    category_labels={category.value: label for category, label in CATEGORY_LABELS.items()},
    level_text=labels.level_text,
)


def query_url(request: Request, path: str | None = None, **changes: object) -> str:
    """The request's URL (or `path`) with the query parameters in `changes` set, or removed where
    the value is None; the others kept. Always encoded, whatever the document text holds."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None]
    query = urlencode(kept)
    return (path or request.url.path) + (f"?{query}" if query else "")


env.globals["query_url"] = query_url
env.filters["source_lines"] = source_lines_html  # the document page's thousands of lines


def page(request: Request, name: str, *, status: int = 200, **context: Any) -> Response:
    """The page `name` rendered with `context`, with an ETag (304 when unchanged)."""
    html = env.get_template(name).render(request=request, **context)
    response = with_etag(request, html.encode("utf-8"), HTML_TYPE)
    response.status_code = status if response.status_code != 304 else 304
    return response
