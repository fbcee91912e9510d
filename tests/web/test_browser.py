"""The pages in a real browser: the demo served by uvicorn (on SQLite and on PostgreSQL, by the
`web_settings` fixture) and driven with Playwright in the system's chromium.

What the HTML tests cannot see is checked here: that no page logs a console error or throws,
that the CSP lets our own scripts and styles run, that the links lead where a user goes, that
htmx's partial swaps and the keyboard help work, that the pages still work without JavaScript,
and what the pages look like (screenshots into docs/screenshots on the SQLite run).

One browser serves the module and one server each database; every test opens a fresh context.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from hyoka.settings import Settings
from tests.web.browser_support import LiveServer, Watch, launched_browser, live_server

AGENCY = "独立行政法人日本架空職業能力開発機構"
AGENCY_CATEGORY = "中期目標管理法人"
DOCUMENT_TITLE = "独立行政法人日本架空職業能力開発機構が達成すべき業務運営に関する目標"
FINAL_DOCUMENT = "中期目標 令和7年度〜令和11年度 第2版"
DRAFT_DOCUMENT = "中期目標（案） 令和7年度〜令和11年度 第1版"
INDICATOR = "離職者訓練修了者の訓練修了後3か月時点の就職率"
#: A query with hits in every agency's document, and the agency its facet narrows to.
QUERY = "一般管理費"
NARROW_TO = "国立研究開発法人日本架空海洋環境研究機構"
TARGETS_CSV_HEADER = ["目標ID", "文書ID", "法人名", "項目", "指標", "目標値", "単位"]

VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREENSHOT_MAX_BYTES = 400 * 1024
#: A full page larger than the limit is cut to its top: the first of these heights that fits.
SCREENSHOT_CLIP_HEIGHTS = (1600, 1200, 800)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: The pages by name (the screenshot's file name): their path, and the heading they must show.
PAGES: dict[str, tuple[Callable[[dict[str, int]], str], str]] = {
    "home": (lambda ids: "/", "独立行政法人の目標と評価"),
    "agency": (lambda ids: f"/agencies/{ids['agency']}", AGENCY),
    "document": (lambda ids: f"/documents/{ids['document']}", DOCUMENT_TITLE),
    "target": (lambda ids: f"/targets/{ids['target']}", INDICATOR),
    "search": (lambda ids: f"/search?q={QUERY}", "検索"),
    "compare": (lambda ids: "/compare", "比較"),
    "evaluations": (lambda ids: "/evaluations", "公表された評定"),
    "check": (lambda ids: f"/documents/{ids['document']}/check", f"ガイドライン点検：{DOCUMENT_TITLE}"),
    "comparison": (lambda ids: f"/documents/{ids['document']}/comparison", f"{DOCUMENT_TITLE} 新旧対照表"),
    "api-docs": (lambda ids: "/api/v1/docs", "hyoka API"),
}


# ---------------------------------------------------------------------------------------------
# Fixtures: one browser for the module, one live server per database, a fresh context per test
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def server(web_settings: Settings) -> Iterator[LiveServer]:
    with live_server(web_settings) as running:
        yield running


def _json(server: LiveServer, path: str) -> Any:
    with urlopen(server.url + path, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def ids(server: LiveServer) -> dict[str, int]:
    """The demo's ids as this database numbered them: the agency, its final document, a target."""
    [agency] = [a for a in _json(server, "/api/v1/agencies")["data"] if a["full_name"] == AGENCY]
    document = agency["latest_document_id"]
    targets = _json(server, f"/api/v1/targets?document_id={document}&limit=100")["data"]
    [target] = [t["id"] for t in targets if t["indicator"] == INDICATOR]
    return {"agency": agency["id"], "document": document, "target": target}


def _context(browser: Browser, server: LiveServer, *, javascript: bool = True) -> BrowserContext:
    context = browser.new_context(
        base_url=server.url,
        viewport=VIEWPORT,  # type: ignore[arg-type]  # a plain dict is what ViewportSize is
        locale="ja-JP",
        accept_downloads=True,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def watch(server: LiveServer) -> Watch:
    return Watch(origin=server.url)


@pytest.fixture
def page(browser: Browser, server: LiveServer, watch: Watch) -> Iterator[Page]:
    context = _context(browser, server)
    tab = context.new_page()
    watch.attach(tab)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page_without_js(browser: Browser, server: LiveServer, watch: Watch) -> Iterator[Page]:
    context = _context(browser, server, javascript=False)
    tab = context.new_page()
    watch.attach(tab)
    try:
        yield tab
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _open(page: Page, name: str, ids: dict[str, int]) -> None:
    """Opens the page `name` and waits until it shows its heading (for the API docs: until
    Swagger UI has rendered the OpenAPI document, which its script fetches)."""
    path, heading = PAGES[name]
    response = page.goto(path(ids))
    assert response is not None
    assert response.status == 200, f"{name}: HTTP {response.status}"
    if name == "api-docs":
        expect(page.locator(".swagger-ui .info .title")).to_contain_text(heading)
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    else:
        expect(page.locator("main h1")).to_have_text(heading)


def _hit_total(page: Page) -> int:
    """The number of hits the page announces (「…」 N件中 …)."""
    text = page.locator(".hits .total").inner_text()
    found = re.search(r"」\s*(\d+)件", text)
    assert found, f"no hit count in {text!r}"
    return int(found.group(1))


def _search_narrow_and_follow(page: Page, submit: Callable[[], None]) -> None:
    """The search flow both with and without JavaScript: `submit` sends QUERY from the search
    box; a facet narrows the hits; the first hit opens its document at its line."""
    submit()
    expect(page).to_have_url(re.compile(r"/search\?(.+&)?q="))
    expect(page.locator(".hits .total")).to_contain_text(f"「{QUERY}」")
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERY]
    everything = _hit_total(page)
    assert everything > 1
    expect(page.locator("li.hit")).to_have_count(everything)

    # By its text, not its accessible name: the stylesheet adds " ×" to a chosen value.
    facet = page.locator("aside.facets a", has_text=NARROW_TO)
    expect(facet).not_to_have_attribute("aria-current", "true")
    announced = int(facet.locator("xpath=following-sibling::span[@class='count']").inner_text())
    facet.click()
    expect(page).to_have_url(re.compile(r"[?&]agency="))
    expect(facet).to_have_attribute("aria-current", "true")
    expect(facet).to_have_class("selected")
    narrowed = _hit_total(page)
    assert narrowed == announced
    assert 0 < narrowed < everything
    assert parse_qs(urlsplit(page.url).query)["agency"] == [NARROW_TO]
    links = page.locator("a.hit-link")
    expect(links).to_have_count(narrowed)
    for text in links.all_inner_texts():
        assert text.startswith(NARROW_TO), text
    # The form now carries the chosen facet, so a new query keeps it (with JavaScript too).
    expect(page.locator("form.big-search input[type=hidden][name=agency]")).to_have_value(NARROW_TO)

    first = links.first
    href = first.get_attribute("href")
    assert href is not None
    found = re.fullmatch(r"/documents/\d+#L(\d+)", href)
    assert found, href
    line = found.group(1)
    first.click()
    expect(page).to_have_url(re.compile(rf"/documents/\d+#L{line}$"))
    target = page.locator(f"#L{line}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text(QUERY)
    assert page.evaluate("() => document.querySelector(':target')?.id") == f"L{line}"
    # The stylesheet marks the targeted line (ol.lines li:target).
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "transparent"}, background


def _focused_hit(page: Page) -> int:
    """The index of the focused hit link, -1 when focus is elsewhere."""
    index: int = page.evaluate("() => [...document.querySelectorAll('a.hit-link')].indexOf(document.activeElement)")
    return index


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_without_errors(page: Page, watch: Watch, ids: dict[str, int], name: str) -> None:
    _open(page, name, ids)
    if name != "api-docs":
        # Our own stylesheet and scripts ran under the CSP: a blocked one would also be a console error.
        rules = page.evaluate(
            "() => [...document.styleSheets].filter(s => (s.href || '').endsWith('/static/app.css'))"
            ".map(s => s.cssRules.length)"
        )
        assert len(rules) == 1, "app.css is not linked"
        assert rules[0] > 0, "app.css is not applied"
        assert page.evaluate("() => typeof window.htmx") == "object", "htmx did not load"
    watch.assert_clean()


def test_a_user_goes_from_the_top_to_an_agency_a_document_and_a_target(page: Page, watch: Watch) -> None:
    page.goto("/")
    expect(page.locator("main h1")).to_have_text("独立行政法人の目標と評価")
    expect(page.locator("ul.stats")).to_contain_text("3 法人")

    page.locator("main table.list").get_by_role("link", name=AGENCY, exact=True).click()
    expect(page).to_have_url(re.compile(r"/agencies/\d+$"))
    expect(page.locator("main h1")).to_have_text(AGENCY)
    expect(page).to_have_title(re.compile(f"^{AGENCY} "))
    expect(page.locator("dl.facts")).to_contain_text(AGENCY_CATEGORY)
    expect(page.locator("dl.facts")).to_contain_text("厚生労働省")
    versions = page.locator("ol.versions")
    expect(versions.get_by_role("link", name=DRAFT_DOCUMENT, exact=True)).to_be_visible()
    expect(versions.locator("li", has_text=DRAFT_DOCUMENT)).to_contain_text("新しい版あり")

    versions.get_by_role("link", name=FINAL_DOCUMENT, exact=True).click()
    expect(page).to_have_url(re.compile(r"/documents/\d+$"))
    expect(page.locator("main h1")).to_have_text(DOCUMENT_TITLE)
    expect(page.locator("nav.crumbs")).to_contain_text(f"トップ › {AGENCY} › {FINAL_DOCUMENT}")
    expect(page.locator("dl.facts")).to_contain_text("第2版")
    expect(page.locator("nav.versions").get_by_role("link", name=DRAFT_DOCUMENT, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="構成", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="原文", exact=True)).to_be_visible()
    expect(page.locator("ol.lines li[id^='L']").first).to_be_visible()

    page.locator("section.structure").get_by_role("link", name=INDICATOR, exact=True).click()
    expect(page).to_have_url(re.compile(r"/targets/\d+$"))
    expect(page.locator("main h1")).to_have_text(INDICATOR)
    expect(page.locator("dl.facts")).to_contain_text("82%以上")
    expect(page.locator("dl.facts")).to_contain_text("毎年度")
    expect(page.locator("nav.crumbs").get_by_role("link", name=FINAL_DOCUMENT, exact=True)).to_be_visible()
    results = page.locator("table.list", has=page.locator("caption", has_text="年度別の実績と達成度"))
    expect(results.locator("tbody tr", has_text="令和7年度")).to_contain_text("83.4%")
    expect(results.locator("tbody tr", has_text="令和7年度")).to_contain_text("101.7%")
    expect(page.locator("figure.chart svg")).to_be_visible()
    watch.assert_clean()


def test_the_document_page_loads_its_findings_panel_and_a_finding_opens_its_line(
    page: Page, watch: Watch, ids: dict[str, int]
) -> None:
    page.goto(f"/documents/{ids['document']}")
    panel = page.locator("#findings-panel")
    expect(panel.locator(".finding-summary")).to_be_visible()  # swapped in by htmx from the 点検 page
    first = panel.locator(".finding a.line-ref").first
    href = first.get_attribute("href")
    assert href is not None
    assert href.startswith(f"/documents/{ids['document']}#L")
    first.click()
    line = href.rsplit("#", 1)[1]
    expect(page).to_have_url(re.compile(f"#{line}$"))
    expect(page.locator(f"li#{line}")).to_be_in_viewport()
    watch.assert_clean()


def test_the_comparison_underlines_changes_on_both_sides_and_never_strikes_through(
    page: Page, watch: Watch, ids: dict[str, int]
) -> None:
    page.goto(f"/documents/{ids['document']}/comparison")
    table = page.locator("table.comparison")
    expect(table.locator("thead")).to_contain_text("改正後")
    expect(table.locator("thead")).to_contain_text("改正前")
    for tag in ("ins", "del"):
        marked = table.locator(tag).first
        expect(marked).to_be_visible()
        decoration = marked.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert decoration == "underline", (tag, decoration)
    with page.expect_download() as download:
        page.get_by_role("link", name="新旧対照表（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    watch.assert_clean()


def test_search_narrows_by_a_facet_and_a_hit_opens_its_line(page: Page, watch: Watch) -> None:
    page.goto("/search")
    box = page.locator("#q")
    expect(box).to_be_focused()  # the empty search page waits for a query

    def submit() -> None:
        box.fill(QUERY)
        page.locator("form.big-search").get_by_role("button", name="検索").click()

    _search_narrow_and_follow(page, submit)
    watch.assert_clean()


def test_a_list_downloads_as_csv_with_a_bom_and_japanese_headers(page: Page, watch: Watch, ids: dict[str, int]) -> None:
    page.goto(f"/agencies/{ids['agency']}")
    shown = int(page.locator("dl.facts dt:text-is('定量目標') + dd").inner_text())
    with page.expect_download() as info:
        page.get_by_role("link", name="この法人の定量目標をCSVでダウンロード").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == "targets.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][: len(TARGETS_CSV_HEADER)] == TARGETS_CSV_HEADER
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == shown
    assert {row["法人名"] for row in body} == {AGENCY}
    assert INDICATOR in {row["指標"] for row in body}
    watch.assert_clean()


def test_keyboard_slash_focuses_the_search_box_and_j_k_move_between_hits(page: Page, watch: Watch) -> None:
    page.goto("/")
    expect(page.locator("main h1")).to_be_visible()
    page.keyboard.press("/")
    expect(page.locator("#site-q")).to_be_focused()
    expect(page.locator("#site-q")).to_have_value("")  # the key was taken, not typed

    page.goto(f"/search?q={QUERY}")
    expect(page.locator("a.hit-link").nth(2)).to_be_visible()
    assert _focused_hit(page) == -1  # with hits shown, the keys belong to the hits, not the box
    page.keyboard.press("j")
    assert _focused_hit(page) == 0
    page.keyboard.press("j")
    assert _focused_hit(page) == 1
    page.keyboard.press("k")
    assert _focused_hit(page) == 0
    expect(page.locator("a.hit-link").first).to_be_focused()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#q")).to_have_value(QUERY)
    assert page.evaluate("() => document.getSelection().toString()") == QUERY  # selected, to be typed over
    page.keyboard.press("j")  # typed into the box now, not a move
    expect(page.locator("#q")).to_have_value("j")
    assert _focused_hit(page) == -1
    watch.assert_clean()


def test_the_pages_work_without_javascript(page_without_js: Page, watch: Watch, ids: dict[str, int]) -> None:
    page = page_without_js
    page.goto("/")
    assert page.evaluate("() => typeof window.htmx") == "undefined", "JavaScript is on"

    def submit() -> None:
        page.locator("#home-q").fill(QUERY)
        page.locator("form.big-search").get_by_role("button", name="検索").click()

    _search_narrow_and_follow(page, submit)
    for name in PAGES:
        if name != "api-docs":  # Swagger UI is a script: the API itself needs none
            _open(page, name, ids)
    watch.assert_clean()


def test_screenshots_of_every_page(page: Page, watch: Watch, server: LiveServer, ids: dict[str, int]) -> None:
    if not server.on_sqlite:
        pytest.skip("the screenshots are taken on the SQLite run")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        _open(page, name, ids)
        data = page.screenshot(full_page=True, animations="disabled")
        for height in SCREENSHOT_CLIP_HEIGHTS:
            if len(data) <= SCREENSHOT_MAX_BYTES:
                break
            clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
            data = page.screenshot(full_page=True, clip=clip, animations="disabled")  # type: ignore[arg-type]
        width, height = _png_size(data)
        assert width == VIEWPORT["width"], (name, width)
        assert VIEWPORT["height"] <= height, (name, height)
        assert len(data) <= SCREENSHOT_MAX_BYTES, f"{name}.png is {len(data)} bytes"
        (SCREENSHOTS / f"{name}.png").write_bytes(data)
    watch.assert_clean()
