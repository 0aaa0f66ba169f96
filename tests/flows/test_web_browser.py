"""The review app in real headless Chromium (Debian's chromium and chromium-driver, driven by selenium),
served by the real `claimtrack web` command on 127.0.0.1.

Set CLAIMTRACK_ARTIFACTS to a folder to keep the screenshots.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_report_browser import chromium, png_ink  # noqa: F401  (the fixture that installs Debian's chromium)
from test_web import decided
from webapp_data import EVIL_OUTLET, SCRIPT, build

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMEDRIVER = Path("/usr/bin/chromedriver")


def start_web(db: Path) -> tuple[subprocess.Popen, str]:
    """`claimtrack web --db DB --port 0` and the URL it prints."""
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "web", "--db", str(db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, m.group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory, settings):
    """(base URL, warehouse path) of a running `claimtrack web`."""
    db = build(tmp_path_factory.mktemp("webbrowser"), settings)
    proc, base = start_web(db)
    yield base.rstrip("/"), db
    proc.send_signal(signal.SIGINT)
    proc.wait(30)


@pytest.fixture(scope="module")
def driver(chromium):  # noqa: F811
    """Headless Chromium under chromedriver (both from Debian: nothing is downloaded)."""
    if not CHROMEDRIVER.exists():
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "chromium-driver"], capture_output=True, timeout=1200, env=env)
    if not CHROMEDRIVER.exists():
        pytest.skip("chromium-driver is not installed and apt-get did not provide /usr/bin/chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1280,1400"):
        options.add_argument(flag)
    d = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


def wait_for(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def pwned(driver) -> bool:
    return driver.execute_script("return document.documentElement.getAttribute('data-pwned')") is not None


def keep(path: Path, name: str) -> None:
    folder = os.environ.get("CLAIMTRACK_ARTIFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / name)


def test_script_inside_an_article_does_not_run(site, driver):
    """The article, title and outlet hold <script> and markup: on the queue, the contradiction and the history
    pages they are shown as text and nothing of them runs."""
    base, _ = site
    from selenium.webdriver.common.by import By

    driver.get(base + "/contradictions/1")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert SCRIPT in body and EVIL_OUTLET in body
    assert not pwned(driver)
    assert len(driver.find_elements(By.CSS_SELECTOR, ".article mark")) == 2
    hrefs = [a.get_attribute("href") or "" for a in driver.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    for path in ("/", "/claims?words=meeting"):
        driver.get(base + path)
        assert EVIL_OUTLET in driver.find_element(By.TAG_NAME, "body").text
        assert not pwned(driver)


def test_post_without_the_token_gets_403(claimtrack, site, driver):
    """From the app's own page (same origin), a POST without the token is refused; with it, accepted."""
    base, db = site
    driver.get(base + "/")
    fetch = ("const done = arguments[arguments.length - 1];"
             "fetch('/contradictions/2/decision', {method: 'POST', body: new URLSearchParams(arguments[0]),"
             " headers: {'Accept': 'application/json'}}).then(r => done(r.status), e => done(String(e)));")
    driver.set_script_timeout(30)
    assert driver.execute_async_script(fetch, {"status": "dismissed"}) == 403
    assert driver.execute_async_script(fetch, {"status": "dismissed", "token": "not-the-token"}) == 403
    assert decided(claimtrack, db, "dismissed") == []


def test_history_page_screenshot_shows_the_timeline(site, driver, tmp_path):
    """The history page of the claim three outlets reported: the timeline chart is drawn, with a lane per outlet,
    a dot per mention and the first report marked (screenshot of the page and of the chart)."""
    base, db = site
    from selenium.webdriver.common.by import By
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        cluster = con.execute("SELECT cluster_id FROM claim_clusters ORDER BY outlets DESC, mentions DESC"
                              " LIMIT 1").fetchall()[0][0]
    finally:
        con.close()
    driver.get(f"{base}/history/{cluster}")
    chart = driver.find_element(By.ID, "timeline")
    assert chart.size["width"] > 600 and chart.size["height"] > 150
    assert len(chart.find_elements(By.CSS_SELECTOR, "g.mention")) == 4
    assert chart.find_element(By.ID, "first-report").text == "first report"
    lanes = [t.text for t in chart.find_elements(By.CSS_SELECTOR, "text.lane-name")]
    assert lanes[0] == "Harbor Ledger" and len(lanes) == 3
    shot, page = tmp_path / "timeline.png", tmp_path / "history.png"
    assert chart.screenshot(str(shot)) and driver.save_screenshot(str(page))
    width, height, ink = png_ink(shot)
    assert width > 600 and height > 150 and ink > 0.01, (width, height, ink)
    keep(shot, "history_timeline.png")
    keep(page, "history_page.png")


def test_keyboard_confirm_then_reload_shows_confirmed(claimtrack, site, driver):
    """In the queue, j/k move the selection; `c` confirms the selected contradiction; after a reload it shows
    confirmed, and `claimtrack review list --status confirmed` agrees."""
    base, db = site
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    rows = driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr")
    assert len(rows) >= 2
    first_id = int(rows[0].get_attribute("data-id"))
    body = driver.find_element(By.TAG_NAME, "body")
    assert "selected" in rows[0].get_attribute("class")
    body.send_keys("j")
    assert "selected" in rows[1].get_attribute("class") and "selected" not in rows[0].get_attribute("class")
    body.send_keys("k")
    assert "selected" in rows[0].get_attribute("class")
    body.send_keys("c")
    badge = rows[0].find_element(By.CSS_SELECTOR, "[data-status]")
    assert wait_for(lambda: badge.text == "confirmed"), badge.text

    driver.refresh()
    row = driver.find_element(By.ID, f"c{first_id}")
    assert row.find_element(By.CSS_SELECTOR, "[data-status]").text == "confirmed"
    assert decided(claimtrack, db, "confirmed") == [first_id]
    assert first_id not in decided(claimtrack, db, "open")


def test_ctrl_c_stops_the_server(tmp_path, site):
    """`claimtrack web` prints its URL, serves, and stops cleanly on Ctrl-C (SIGINT)."""
    _, db = site
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    proc, base = start_web(copy)
    import httpx

    assert httpx.get(base).status_code == 200
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    assert "stopped" in proc.stderr.read()
