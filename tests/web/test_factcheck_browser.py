"""A fact-checker's forms in a real browser (Debian chromium through Playwright): a verdict
recorded and a statement moved from the pages, and the edit pages at 1280 and 375 px with no
sideways scroll and no axe-core violation. Skips when chromium or playwright is missing."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factcheck_corpus import CORPUS

from claimgraph.store import Store

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

try:
    from playwright.sync_api import Browser, expect, sync_playwright
except ImportError as err:  # pragma: no cover - depends on the machine
    pytest.skip(f"playwright is not installed ({err})", allow_module_level=True)
if not os.access(CHROMIUM, os.X_OK):  # pragma: no cover
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from claimgraph.app import create_app

    db = tmp_path_factory.mktemp("edits") / "edits.db"
    with Store.open(str(db)) as store:
        for analysis in CORPUS:
            store.add_analysis(analysis)
    app = create_app(str(db), allow_edit=True, allowed_hosts=["127.0.0.1"])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.1)
    assert srv.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def test_a_verdict_and_a_move_from_the_pages(browser: Browser, server: str) -> None:
    import httpx

    bridge = httpx.get(server + "/api/statements/ledger-1/s1", trust_env=False).json()["claim"]["id"]
    ferry = httpx.get(server + "/api/statements/courier-2/s1", trust_env=False).json()["claim"]["id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{server}/claims/{bridge}")
        page.get_by_label("Rating").fill("Mostly false")
        page.get_by_label("Checked on").fill("2025-05-01")
        page.get_by_label("Sources").fill("https://rail.example/notice")
        page.locator("#verdict-editor").fill("R. Quill")
        page.get_by_role("button", name="Save verdict").click()
        expect(page.locator("#verdict-rating")).to_have_text("Mostly false")
        assert page.locator('script[type="application/ld+json"]').count() == 1
        page.goto(f"{server}/statements/courier-1/s1")
        page.get_by_label("Move to claim").fill(ferry)
        page.get_by_role("button", name="Move").click()
        page.wait_for_url(f"**/claims/{ferry}")
        expect(page.locator("#claim-statements")).to_contain_text("moved here by hand")
        page.goto(f"{server}/audit")
        expect(page.locator("#audit")).to_contain_text("statement-move")
        expect(page.locator("#audit")).to_contain_text("R. Quill")
    finally:
        context.close()


def test_edit_pages_fit_and_pass_axe_at_both_widths(browser: Browser, server: str) -> None:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - a test extra
        pytest.skip("axe-playwright-python is not installed")
    import httpx

    claim = httpx.get(server + "/api/statements/ledger-1/s1", trust_env=False).json()["claim"]["id"]
    speaker = httpx.get(server + "/api/speakers", trust_env=False).json()["items"][0]["id"]
    pages = [("claim-edit", f"/claims/{claim}"), ("statement-edit", "/statements/ledger-1/s1"),
             ("speaker-edit", f"/speakers/{speaker}"), ("audit", "/audit")]
    axe = Axe()
    problems: list[str] = []
    for width, height, label in ((1280, 900, "desktop"), (375, 812, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        try:
            for name, path in pages:
                pg.goto(server + path)
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                pg.screenshot(path=str(ARTIFACTS / f"{label}-{name}.png"), full_page=True)
                scroll = pg.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path} at {width}px is {scroll}px wide")
                violations: Any = axe.run(pg).response["violations"]
                problems += [f"{path} at {width}px: axe {v['id']}: {v['help']}" for v in violations]
        finally:
            context.close()
    assert not problems, "\n".join(problems)
