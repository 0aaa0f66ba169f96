"""An invented warehouse for the review app's tests: three outlets on one council meeting, two of them
disagreeing on a figure and a fact, one article carrying script and markup in its text, title and outlet."""
from __future__ import annotations

import json
from pathlib import Path

PWN = "document.documentElement.setAttribute('data-pwned','1')"
SCRIPT = f"<script>{PWN}</script>"
EVIL_OUTLET = f"Valley Courier {SCRIPT}"

ARTICLES = [
    {"id": "w1", "outlet": "Harbor Ledger", "url": "https://harbor-ledger.example/council-1",
     "published": "2026-03-02T09:00:00", "title": "Council meets on tariff",
     "text": "Mayor Ilse Varga met the river council on Monday.\n\n"
             "The council meeting lasted about an hour and 15 minutes, Varga told reporters.\n\n"
             "\"We will not raise the water tariff before the next harvest,\" Varga said.\n\n"
             "The old Kessel bridge was destroyed in the spring flood, Varga said."},
    {"id": "w2", "outlet": EVIL_OUTLET, "url": f"javascript:{PWN}", "published": "2026-03-02T15:00:00",
     "title": f"<b>Tariff</b> stays {SCRIPT}",
     "text": "Council clerk Ana Brandt said the meeting lasted 95 minutes " + SCRIPT + ".\n\n"
             "\"We will not raise the water tariff before the next harvest,\" Mayor Ilse Varga said on Monday.\n\n"
             "The Kessel bridge was not destroyed but damaged in the spring flood, according to the regional "
             "roads office."},
    {"id": "w3", "outlet": "Eastport Herald", "url": "https://eastport-herald.example/tariff",
     "published": "2026-03-04T08:00:00", "title": "No tariff rise before harvest",
     "text": "Mayor Ilse Varga repeated on Wednesday that the town would not raise the water tariff.\n\n"
             "\"We will not raise the water tariff before the next harvest,\" Varga told the Eastport Herald.\n\n"
             "The council will meet again in April, the mayor's office said."},
]


def build(folder: Path, settings: dict) -> Path:
    """Ingest the articles (no Prefect) into folder/web.duckdb and return its path."""
    from flows import pipeline

    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = folder / "web.duckdb"
    summary = pipeline.ingest([str(src)], db, settings)
    assert summary.contradictions_new >= 2 and not summary.errors, summary
    return db
