"""End to end in a real headless browser (Debian's chromium driven by Playwright) against `rasd serve`'s app.

The server runs in a thread on 127.0.0.1 with a free port and stops at the end of the module. Screenshots of what
the tests saw go to a temporary folder, or to $RASD_SCREENSHOTS (`make screenshots` sets it to docs/screenshots/,
whose committed images come from that command), so that running the tests leaves the work tree unchanged.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from rasd.web import create_app
from tests.web_fixtures import HOSTILE_TITLE, make_db

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("RASD_SCREENSHOTS") or tempfile.mkdtemp(prefix="rasd-screenshots-"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make test installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = make_db(tmp_path_factory.mktemp("browser") / "web.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: the escaping alone must stop the hostile report's script (and Playwright's waits use eval)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar", bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    context.close()
    assert not errors, errors


def _loads(page) -> int:
    return int(page.evaluate("document.body.dataset.loads || 0"))


def _wait_refresh(page, before: int) -> None:
    page.wait_for_function(f"Number(document.body.dataset.loads || 0) > {before}")


def test_dashboard_map_timeline_and_type_filter(server, page):
    page.goto(server + "/")
    _wait_refresh(page, 0)
    rows = page.locator("#events tbody tr")
    assert rows.count() == 7
    # markers (or clusters of them) are on the map, and the basemap is drawn
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() >= 3
    page.wait_for_selector(".leaflet-overlay-pane path", state="attached")  # the offline basemap
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator("#timeline svg .bar").count() == 6
    page.wait_for_timeout(300)  # let the map finish its fit-bounds animation
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    before = _loads(page)
    page.select_option("#f-type", "Protests")
    _wait_refresh(page, before)
    assert rows.count() == 1
    assert "بنغازي" in rows.first.inner_text()
    assert "type=Protests" in page.url
    assert page.locator("#timeline svg .bar").count() == 1
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "dashboard_protests.png"), full_page=True)

    # a timeline bar filters the table to its day
    page.select_option("#f-type", "")
    _wait_refresh(page, before + 1)
    before = _loads(page)
    page.locator("#timeline svg .bar title", has_text="2013-08-04").locator("..").dispatch_event("click")
    _wait_refresh(page, before)
    assert rows.count() == 1 and "اشتباكات" in rows.first.inner_text()
    assert page.input_value("#f-since") == "2013-08-04"


def test_map_popup_links_to_the_report(server, page):
    page.goto(server + "/?country=EG")
    _wait_refresh(page, 0)
    page.wait_for_selector(".dot")
    page.locator(".dot").first.click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    link.click()
    page.wait_for_url("**/reports/arrests-cairo#event-0")
    assert page.locator("#report-text mark.hl-trigger").inner_text() == "اعتقلت"


def test_report_page_highlights_spans(server, page):
    page.goto(server + "/reports/clash-tripoli")
    for kind in ("org", "place", "loc", "time", "quantity", "trigger", "source"):
        assert page.locator(f"#report-text mark.hl-{kind}").count() >= 1, kind
    nested = page.locator("#report-text mark.hl-org mark.hl-place")
    assert nested.inner_text() == "طرابلس"
    colour = page.evaluate("getComputedStyle(document.querySelector('#report-text mark.hl-time')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".event-card").count() == 1
    assert "مصادر محلية" in page.locator(".event-card .chain").inner_text()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.screenshot(path=str(SHOTS / "report.png"), full_page=True)


def test_hostile_report_runs_no_script(server, page):
    search = "/search?q=%D9%85%D8%B3%D9%84%D8%AD%D9%88%D9%86"  # مسلحون, a word of the hostile report
    for url in ("/reports/hostile", "/?type=Attack", search):
        page.goto(server + url)
        if url.startswith("/?"):  # the dashboard: its table and a map popup show the report's title and names
            _wait_refresh(page, 0)
            page.locator(".dot").first.click()
            page.locator(".leaflet-popup-content").wait_for()
            assert HOSTILE_TITLE in page.locator("#events tbody").inner_text()
        assert page.evaluate("window.__xss") is None, url
        assert page.locator("img[src=x], b[onmouseover]").count() == 0, url
    page.goto(server + "/reports/hostile")
    assert "<script>" in page.locator("#report-text").inner_text()  # shown as text, not run
    page.screenshot(path=str(SHOTS / "report_hostile.png"), full_page=True)
