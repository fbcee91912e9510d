"""The 原文 list of the document page (a page break before each new page, then one item per line,
linked to itself), rendered in Python: a document has thousands of lines, and the same markup
built by the template's loop was three quarters of the page's time."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from markupsafe import Markup, escape

from hyoka.model.records import SourceLineRecord

MEMO_SIZE = 128  # as many as the document view keeps bodies of (`BODY_CACHE_SIZE`)
# id of a list of lines -> (the list, its markup). The entry holds the list itself, so no other
# object can take its id while the entry lives; a hit is checked to be that very list.
_memo: OrderedDict[int, tuple[Sequence[SourceLineRecord], Markup]] = OrderedDict()
_memo_lock = threading.Lock()


def source_lines_html(lines: Sequence[SourceLineRecord]) -> Markup:
    """The `<li>` items of the source lines, the text escaped as the templates escape it. The same
    list (the document view keeps a version's lines while it is shown often) is rendered once."""
    with _memo_lock:
        held = _memo.get(id(lines))
        if held is not None and held[0] is lines:
            _memo.move_to_end(id(lines))
            return held[1]
    markup = _render(lines)
    with _memo_lock:
        _memo[id(lines)] = (lines, markup)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return markup


def _render(lines: Sequence[SourceLineRecord]) -> Markup:
    out: list[str] = []
    page: int | None = None
    # escaped in one call: a line holds no newline (the text was split on them), and escaping
    # leaves newlines alone, so the escaped text splits back into the same lines
    texts = str(escape("\n".join(line.text for line in lines))).split("\n") if lines else []
    for line, text in zip(lines, texts, strict=True):
        if line.page != page:
            page = line.page
            if page is not None:
                shown = escape(page)
                out.append(f'<li class="page-break" aria-label="{shown}頁">― {shown}頁 ―</li>')
        n = int(line.number)  # a number: nothing to escape
        out.append(
            f'<li id="L{n}" value="{n}"><a class="n" href="#L{n}" tabindex="-1">{n}</a>'
            f'<span class="t">{text}</span></li>\n'
        )
    return Markup("".join(out))
