"""The HTML contradiction report as a reader sees it: rendered by headless Chromium, with a screenshot.

Chromium comes from the Debian package (installed here when /usr/bin/chromium is missing; the test is
skipped with the reason when that fails). It runs with a fresh profile and no background networking;
``--dump-dom`` gives the page after any script ran, ``--screenshot`` what a reader sees. Set
CLAIMTRACK_ARTIFACTS to a folder to keep the screenshot and the page.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from flows import pipeline

pytestmark = pytest.mark.slow  # drives headless Chromium

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1280,1800"]

PWN = "document.documentElement.setAttribute('data-pwned','1')"
EVIL_OUTLET = f"Valley Courier <script>{PWN}</script>"
EVIL_IMG = f'<img src=x onerror="{PWN}">'
ARTICLES = [
    {"id": "r1", "outlet": "Harbor Ledger", "url": "https://harbor-ledger.example/council-1", "published": "2026-03-02",
     "title": "Council meets on tariff",
     "text": "Mayor Ilse Varga met the river council on Monday.\n\n"
             "The council meeting lasted about an hour and 15 minutes, Varga told reporters.\n\n"
             "\"We will not raise the water tariff before the next harvest,\" Varga said.\n\n"
             "The old Kessel bridge was destroyed in the spring flood, Varga said."},
    {"id": "r2", "outlet": EVIL_OUTLET, "url": f"javascript:{PWN}", "published": "2026-03-02",
     "title": "<b>Tariff</b> stays",
     "text": "Council clerk Ana Brandt said the meeting lasted 95 minutes " + EVIL_IMG + ".\n\n"
             "\"We will not raise the water tariff before the next harvest,\" said Governor Piet Holm.\n\n"
             "The Kessel bridge was not destroyed but damaged in the spring flood, according to the regional "
             "roads office."},
]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """/usr/bin/chromium, installed from Debian packages when missing; skip with the reason if that fails."""
    if not CHROMIUM.exists():
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "chromium", "chromium-driver"]
        try:
            if subprocess.run(install, capture_output=True, text=True, timeout=1200, env=env).returncode != 0:
                # a new machine has no package lists yet
                subprocess.run(["apt-get", "update"], capture_output=True, text=True, timeout=600, check=True, env=env)
                subprocess.run(install, capture_output=True, text=True, timeout=1200, check=True, env=env)
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"chromium is not installed and `apt-get install -y chromium` failed: {exc}")
        if not CHROMIUM.exists():
            pytest.skip("chromium is not installed and apt-get did not provide /usr/bin/chromium")
    return CHROMIUM


def run_chromium(chromium: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(chromium), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=180)


INLINE = frozenset({"a", "mark", "span", "strong", "b", "em", "i", "small", "code"})


class Reader(HTMLParser):
    """What a reader sees: visible text, headings with the items under them, links, and any live elements."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.sections: list[tuple[str, list[str]]] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self.root_attrs: dict = {}
        self._in = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag not in INLINE:
            self.text.append(" ")
        if tag == "html":
            self.root_attrs = attrs
        if tag in ("style", "script", "title"):
            self.skip += 1
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag in ("h2",) or (tag == "div" and "why" in (attrs.get("class") or "").split()):
            self._in, self._buf = tag, []

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.text.append(" ")
        if tag in ("style", "script", "title"):
            self.skip -= 1
        if self._in and ((tag == "h2" and self._in == "h2") or (tag == "div" and self._in == "div")):
            text = " ".join("".join(self._buf).split())
            if self._in == "h2":
                self.sections.append((text, []))
            elif self.sections:
                self.sections[-1][1].append(text)
            self._in = None

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)
        if self._in:
            self._buf.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def png_ink(path: Path) -> tuple[int, int, float]:
    """Width, height and the share of non-white bytes of a PNG (decoded with zlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    ink = sum(1 for b in raw[:: 7] if b < 200) / max(1, len(raw[:: 7]))
    return width, height, ink


@pytest.fixture(scope="module")
def report_page(claimtrack, tmp_path_factory, settings) -> Path:
    """The HTML report of a warehouse whose scraped text tries to inject markup and script."""
    tmp = tmp_path_factory.mktemp("browser")
    src = tmp / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp / "report.duckdb"
    summary = pipeline.ingest([str(src)], db, settings)
    assert summary.contradictions_new >= 2, summary
    page = tmp / "report.html"
    result = claimtrack("report", "contradictions", "--format", "html", "--output", str(page), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return page


def test_report_reads_right_in_a_browser(chromium, report_page, tmp_path):
    """Chromium shows the title, one section per subject with its reasons, both outlets and dates; scraped
    markup stays text, no script runs, only http(s) links are links; the screenshot has content."""
    dom = run_chromium(chromium, tmp_path / "profile-dom", "--dump-dom", report_page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    reader = Reader()
    reader.feed(dom.stdout)
    seen = reader.visible

    # nothing scraped ran or became markup
    assert "data-pwned" not in reader.root_attrs and "data-pwned" not in dom.stdout.split("<body", 1)[0]
    assert "script" not in reader.tags and "img" not in reader.tags
    assert EVIL_OUTLET in seen and EVIL_IMG in seen  # shown as the text they are
    assert all(href.startswith(("#", "http://", "https://")) for href in reader.links), reader.links
    assert "https://harbor-ledger.example/council-1" in reader.links

    # what a reader needs
    assert seen.startswith("Contradictions")
    assert "contradiction(s)" in seen and "numbers disagree" in seen
    subjects = [s for s, _ in reader.sections]
    assert len(subjects) == len(set(subjects)) >= 2
    reasons = [r for _, rs in reader.sections for r in rs]
    # one line per disagreement: each value with the outlets that give it (scraped names stay text)
    assert any("about an hour and 15 minutes — Harbor Ledger" in r and r.endswith("95 minutes — " + EVIL_OUTLET)
               for r in reasons), reasons
    assert any("destroyed — Harbor Ledger · not destroyed — Valley Courier" in r for r in reasons), reasons
    assert "2026-03-02" in seen and "Varga" in seen and "open" in seen
    assert "lasted about an hour and 15 minutes" in seen

    shot = tmp_path / "report.png"
    result = run_chromium(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", report_page.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    width, height, ink = png_ink(shot)
    assert (width, height) == (1280, 1800)
    assert ink > 0.002, "the screenshot is blank"
    keep = os.environ.get("CLAIMTRACK_ARTIFACTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "contradictions_report.png")
        shutil.copy(report_page, Path(keep) / "contradictions_report.html")
