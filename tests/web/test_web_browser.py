"""The web pages in a real browser: Debian chromium driven by Playwright.

A uvicorn server runs in a thread on 127.0.0.1 (a free port) over a corpus the
tests analyse and store. Screenshots of every page go to test-artifacts/web/.
Playwright never downloads a browser: it launches /usr/bin/chromium, and the
tests skip with the reason when that or the playwright package is missing.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from api_corpus import CORPUS, PASTED, build_corpus
from test_web_api import NO_OUTLET_TEXT, add_article_without_outlet

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError as err:  # pragma: no cover - depends on the machine
    pytest.skip(f"playwright is not installed ({err})", allow_module_level=True)
if not os.access(CHROMIUM, os.X_OK):  # pragma: no cover
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on a free loopback port, in a thread of this process (one spaCy pipeline)."""
    import uvicorn

    from claimgraph.app import create_app

    db = tmp_path_factory.mktemp("web") / "corpus.db"
    ids = build_corpus(db)
    ids[NO_OUTLET_TEXT["title"]] = add_article_without_outlet(db)
    app = create_app(str(db), allowed_hosts=["127.0.0.1"])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):  # wait for start-up (bounded: 20 s)
        if srv.started:
            break
        time.sleep(0.1)
    assert srv.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}", ids
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_paste_an_article_and_see_statements_and_speakers(page: Page, server: tuple) -> None:
    base, _ = server
    page.goto(base + "/analyze")
    page.get_by_label("Article text").fill(PASTED)
    page.get_by_label("Outlet").fill("Norbury News")
    page.get_by_label("Title").fill("Ferry to stop for the winter")
    page.get_by_role("button", name="Analyze").click()

    text = page.locator("#article-text")
    expect(text).to_contain_text("The river ferry between Norbury")
    assert page.locator("#article-text .q").count() >= 4
    expect(page.locator("#stmt-s1")).to_contain_text("We simply cannot find enough crew")
    assert page.locator("#article-text .cue").filter(has_text="complained").count() == 1
    # highlighted statements are coloured: their background is not the page's
    background = page.locator("#stmt-s1").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)")

    side = page.locator("#speaker-list")
    moreau = side.locator(".group").filter(has_text="Lina Moreau")
    expect(moreau).to_contain_text("director")
    expect(moreau).to_contain_text("Norbury Transit Authority")
    expect(moreau.locator(".count")).to_have_text("2")
    expect(side.locator(".group").filter(has_text="Pieter Hale")).to_be_visible()
    shot(page, "01-analyze")

    # keyboard only: reach Hale's "Show only" button with Tab and press it
    hale_button = side.locator(".group").filter(has_text="Pieter Hale").locator(".focus-btn")
    for _ in range(60):
        page.keyboard.press("Tab")
        if hale_button.evaluate("b => b === document.activeElement"):
            break
    assert hale_button.evaluate("b => b === document.activeElement"), "Tab never reached the button"
    page.keyboard.press("Enter")
    expect(hale_button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#article-text")).to_have_class(re.compile("focusing"))
    assert page.locator("#article-text .q.keep").count() == 2
    shot(page, "02-analyze-show-only")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base + "/analyze")
    page.get_by_label("Article text").fill(PASTED)
    page.get_by_role("button", name="Analyze").click()
    expect(page.locator("#speaker-list")).to_contain_text("Lina Moreau")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at a 375px viewport"
    shot(page, "03-analyze-phone")


def test_article_page_and_link_to_a_speaker(page: Page, server: tuple) -> None:
    base, ids = server
    page.goto(base + "/articles")
    shot(page, "04-articles")
    page.get_by_role("link", name="Harbor district plan clears first vote").click()
    expect(page.locator("#article-text")).to_contain_text("harbor district plan")
    assert page.locator("#article-text .q").count() >= 3
    expect(page.locator("#speaker-list")).to_contain_text("Helena Voss")
    shot(page, "05-article")

    page.locator("#speaker-list").get_by_role("link", name="Helena Voss").click()
    expect(page.locator("#speaker-name")).to_have_text("Helena Voss")
    expect(page.locator("#speaker-outlets")).to_contain_text("Lakeside Ledger")
    expect(page.locator("#speaker-outlets")).to_contain_text("Alder Courier")
    expect(page.locator("#timeline .tl-date")).to_have_count(2)
    shot(page, "06-speaker")


def test_search_and_open_a_result_at_the_statement(page: Page, server: tuple) -> None:
    base, ids = server
    page.goto(base + "/search")
    page.get_by_label("Words in the statement").fill("harbor")
    page.get_by_label("Kind", exact=True).select_option("direct")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_contain_text("found")
    results = page.locator("#results .result")
    assert results.count() >= 1
    for i in range(results.count()):
        expect(results.nth(i).locator(".kind-tag")).to_have_text("direct")
    expect(results.first).to_contain_text("We will not be moved out of our own harbor")
    shot(page, "07-search")

    results.first.locator("a.open-article").click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]+#stmt-s\d+$"))
    anchor = page.url.split("#")[1]
    target = page.locator(f"#{anchor}")
    expect(target).to_have_class(re.compile("current"))
    expect(target).to_contain_text("We will not be moved")
    shot(page, "08-article-at-statement")


def test_outlets_and_speakers_pages(page: Page, server: tuple) -> None:
    base, _ = server
    page.goto(base + "/outlets")
    ledger = page.locator("#lakeside-ledger")
    expect(ledger).to_contain_text("2 articles")
    expect(ledger).to_contain_text("Helena Voss")
    expect(page.locator("#alder-courier")).to_be_visible()
    shot(page, "09-outlets")
    page.get_by_role("link", name="Lakeside Ledger").first.click()
    expect(page.locator("#outlet-name")).to_have_text("Lakeside Ledger")
    expect(page.locator("#outlet-speakers")).to_contain_text("Ruth Okafor")
    shot(page, "16-outlet")
    page.goto(base + "/speakers")
    # most quoted first: Mayor Voss makes five statements in the corpus, Brandt four
    expect(page.locator("#speakers .list-item").first).to_contain_text("Helena Voss")
    shot(page, "10-speakers")
    page.goto(base + "/api/docs/try")
    expect(page.locator("#swagger-ui .opblock").filter(has_text="/api/statements").first).to_be_visible()
    shot(page, "15-api-docs")

    # phone width: no page scrolls sideways
    page.set_viewport_size({"width": 375, "height": 812})
    for path, name in (("/outlets", "12-outlets-phone"), ("/search?q=harbor", "13-search-phone")):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide at a 375px viewport"
        shot(page, name)
    page.locator("#results").get_by_role("link", name="Tomas Brandt").first.click()
    expect(page.locator("#speaker-name")).to_have_text("Tomas Brandt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "14-speaker-phone")


def test_article_markup_renders_as_text(page: Page, server: tuple) -> None:
    base, ids = server
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(f"{base}/articles/{ids[CORPUS[3]['title']]}")
    text = page.locator("#article-text")
    expect(text).to_contain_text("<script>window.__cgPwned = 1</script>")
    expect(text).to_contain_text("<b>from strangers</b>")
    assert page.evaluate("window.__cgPwned") is None
    assert text.locator("script, img, b").count() == 0
    assert not alerts
    expect(page.locator("#doc-title")).to_have_text("Hackers <script> tags in a council e-mail")
    shot(page, "11-markup-as-text")


# -- every page at desktop and phone width: screenshot, no sideways scroll, axe ---------------

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - a test extra
    Axe = None

WIDTHS = ((1280, 900, "desktop"), (375, 812, "phone"))
COMPARE_OUTLETS = "/compare?outlet=Lakeside%20Ledger&outlet=Alder%20Courier"


def every_page(base: str, ids: dict[str, str], speaker: int, claim: str) -> list[tuple[str, str]]:
    article = ids["Harbor district plan clears first vote"]
    return [
        ("home", "/"),
        ("analyze", "/analyze"),
        ("search", "/search"),
        ("search-results", "/search?q=harbor"),
        ("search-past-the-end", "/search?q=harbor&page=99999"),
        ("articles", "/articles"),
        ("article", f"/articles/{article}"),
        ("speakers", "/speakers"),
        ("speaker", f"/speakers/{speaker}"),
        ("outlets", "/outlets"),
        ("outlet", "/outlets/Lakeside%20Ledger"),
        ("outlet-unknown", "/outlets/%28unknown%29"),
        ("claims", "/claims"),
        ("claims-contested", "/claims?sort=contested"),
        ("claims-outlets", "/claims?sort=outlets&max_outlets=1"),
        ("claim", f"/claims/{claim}"),
        ("compare", COMPARE_OUTLETS),
        ("statement", f"/statements/{quote(article, safe='')}/s1"),
        ("api-docs", "/api/docs"),
        ("api-try", "/api/docs/try"),
        ("not-found", "/no/such/page"),
    ]


def test_every_page_at_both_widths_is_accessible_and_fits(browser: Browser, server: tuple) -> None:
    """Each page at 1280 and 375 px: a screenshot to look at, no sideways scroll at phone
    width, and no axe-core violation (WCAG 2 A/AA rules and best practices)."""
    if Axe is None:
        pytest.skip("axe-playwright-python is not installed")
    base, ids = server
    import httpx

    speaker = next(
        s["id"] for s in httpx.get(base + "/api/speakers", trust_env=False).json()["items"]
        if s["name"] == "Tomas Brandt"
    )
    claim = httpx.get(base + "/api/claims", trust_env=False).json()["items"][0]["id"]
    axe = Axe()
    problems: list[str] = []
    for width, height, label in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        errors: list[str] = []

        def console(message: Any, errors: list[str] = errors) -> None:
            if message.type == "error":
                errors.append(message.text)

        pg.on("console", console)
        try:
            for name, path in every_page(base, ids, speaker, claim):
                pg.goto(base + path)
                if name == "api-try":
                    pg.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
                shot(pg, f"{label}-{name}")
                scroll = pg.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path} at {width}px is {scroll}px wide")
                results = axe.run(pg)
                for v in results.response["violations"]:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    problems.append(f"{path} at {width}px: axe {v['id']}: {v['help']} {targets}")
            assert not [e for e in errors if "404" not in e], errors
        finally:
            context.close()
    assert not problems, "\n".join(problems)


# Boxes that scroll sideways inside the page (a table in an overflow box), and tables that
# reach past the viewport: at phone width a reader would scroll each to see its columns.
SIDEWAYS = """() => {
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const s = getComputedStyle(e);
    const box = (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1;
    const past = e.tagName === 'TABLE' && e.getBoundingClientRect().right > window.innerWidth + 1;
    if (box || past) out.push(`${e.tagName.toLowerCase()}#${e.id}.${e.className}`);
  }
  return out;
}"""


def test_claim_and_compare_tables_stack_at_phone_width(browser: Browser, server: tuple) -> None:
    """At 375 px the claim's statements and the comparison's tables are rows of labelled
    cells: nothing scrolls sideways, the page nor a box in it, and every column is shown."""
    base, _ = server
    import httpx

    claim = httpx.get(base + "/api/claims", trust_env=False).json()["items"][0]["id"]
    context = browser.new_context(viewport={"width": 375, "height": 812})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        for path, table, name in (
            (f"/claims/{claim}", "#claim-statements", "17-claim-phone"),
            (COMPARE_OUTLETS, "#compare-voice", "18-compare-phone"),
        ):
            pg.goto(base + path)
            shot(pg, name)
            assert pg.evaluate("document.documentElement.scrollWidth") <= 375, path
            assert pg.evaluate(SIDEWAYS) == [], path
            cells = pg.locator(f"{table} tbody td")
            assert cells.count() > 0, path
            for i in range(cells.count()):  # each cell visible, led by its column's name
                cell = cells.nth(i)
                expect(cell).to_be_visible()
                label = cell.get_attribute("data-label")
                assert label and pg.evaluate(
                    "e => getComputedStyle(e, '::before').content", cell.element_handle()
                ) == f'"{label}"', (path, i)
    finally:
        context.close()
