"""The HTML 新旧対照表 in a real browser: underlines, never strike-through, and A4 landscape print.

The page is rendered from a comparison of the bundled sample with a revision of it (a target's
number raised, an item added), opened in the system's chromium, and read back as a reader sees it:
the computed style of every <ins> and <del>, and the page size of its printed PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from hyoka.parse import parse_source
from hyoka.report.comparison.html import render_html
from hyoka.review.diff import DiffSettings, Version, compare
from hyoka.samples import sample_path
from hyoka.sources import text_source_from_string
from tests.web.browser_support import launched_browser

A4_LONG_MM, A4_SHORT_MM = 297, 210
POINTS_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = sample_path().read_text(encoding="utf-8")
    assert "4,500 件" in text
    revised = text.replace("4,500 件", "5,000 件", 1)
    old = parse_source(text_source_from_string(text, "old.txt")).documents[0]
    new = parse_source(text_source_from_string(revised, "new.txt")).documents[0]
    comparison = compare(Version(old, "old.txt"), Version(new, "new.txt"), DiffSettings(check=False))
    path = tmp_path_factory.mktemp("html") / "comparison.html"
    path.write_text(render_html(comparison), encoding="utf-8")
    return path


def test_changes_are_underlined_never_struck_through(browser: Browser, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(page_file.as_uri())
    marks = page.locator("ins, del")
    assert marks.count() >= 2
    styles = marks.evaluate_all(
        "els => els.map(e => [e.tagName, e.textContent, getComputedStyle(e).textDecorationLine])"
    )
    assert {tag for tag, _, _ in styles} == {"INS", "DEL"}
    assert all(line == "underline" for _, _, line in styles), styles
    assert any("5,000" in text or text.startswith("5") for tag, text, _ in styles if tag == "INS")
    assert page.locator("th").first.inner_text() == "改正後"
    page.screenshot(path=str(page_file.with_suffix(".png")), full_page=True)
    page.close()


def test_printed_page_is_a4_landscape_with_the_header_repeated(browser: Browser, page_file: Path) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert page.locator("table.comparison thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    pdf = page.pdf(prefer_css_page_size=True)
    page.close()
    box = pdf.split(b"/MediaBox", 1)[1].split(b"]", 1)[0].strip(b" [")
    width, height = (float(v) for v in box.split()[2:4])
    assert round(width / POINTS_PER_MM) == A4_LONG_MM
    assert round(height / POINTS_PER_MM) == A4_SHORT_MM
