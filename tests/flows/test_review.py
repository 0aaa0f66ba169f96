"""Contradiction review end to end: ingest, outlet-voice claims, decisions that persist, evidence, reports."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows import pipeline
from warehouse import reading, review

# Our own invented event: a river council, its mayor, a clerk, a governor, four outlets.
ARTICLES = [
    {"id": "r1", "outlet": "Harbor Ledger", "url": "https://harbor-ledger.example/council-1", "published": "2026-03-02",
     "title": "Council meets on tariff",
     "text": "Mayor Ilse Varga met the river council on Monday.\n\n"
             "The council meeting lasted about an hour and 15 minutes, Varga told reporters.\n\n"
             "\"We will not raise the water tariff before the next harvest,\" Varga said.\n\n"
             "The old Kessel bridge was destroyed in the spring flood, Varga said."},
    {"id": "r2", "outlet": "Valley Courier", "url": "https://valley-courier.example/2026/03/council",
     "published": "2026-03-02", "title": "Tariff stays",
     "text": "Council clerk Ana Brandt said the meeting lasted 95 minutes.\n\n"
             "\"We will not raise the water tariff before the next harvest,\" said Governor Piet Holm.\n\n"
             "The Kessel bridge was not destroyed but damaged in the spring flood, according to the regional "
             "roads office."},
    {"id": "r3", "outlet": "North Times", "url": "https://north-times.example/council", "published": "2026-03-03",
     "title": "Long meeting",
     "text": "The river council meeting lasted more than an hour on Monday.\n\n"
             "The council approved 12 new pumps for the eastern farms."},
]
LATER = {"id": "r4", "outlet": "Delta Post", "url": "https://delta-post.example/c", "published": "2026-03-04",
         "title": "Council",
         "text": "Clerk Ana Brandt said the meeting lasted 95 minutes.\n\n"
                 "\"We will not raise the water tariff before the next harvest,\" Governor Piet Holm said on Tuesday."
                 "\n\nThe council approved 12 new pumps for the eastern farms."}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def report(db: Path, **kw):
    with reading(db) as con:
        return review.report(con, **kw)


@pytest.fixture(scope="module")
def council_built(tmp_path_factory, settings: dict) -> tuple[Path, Path]:
    """The three council articles ingested once for this module: (warehouse, JSON Lines file)."""
    tmp = tmp_path_factory.mktemp("council")
    src = write_jsonl(tmp / "council.jsonl", ARTICLES)
    db = tmp / "council.duckdb"
    summary = pipeline.ingest([str(src)], db, settings)
    assert summary.articles_new == 3 and not summary.errors
    return db, src


@pytest.fixture
def council(council_built, tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse of its own holding the three council articles, and their JSON Lines file."""
    db = tmp_path / "council.duckdb"
    shutil.copy(council_built[0], db)
    return db, council_built[1]


def by_kind(df):
    return {row.kind: row for row in df.itertuples(index=False)}


def test_outlet_voice_claims_are_stored_with_the_outlet_as_speaker(council):
    """Narration claims are stored, their speaker is the outlet, and they carry their quantities."""
    db, _ = council
    with reading(db) as con:
        rows = con.execute("SELECT source, speaker, content, quantities FROM claims WHERE quote_type = 'narration'"
                           " ORDER BY claim_id").fetchall()
    assert rows, "no narration claims stored"
    assert all(source == speaker for source, speaker, _, _ in rows)
    north = [r for r in rows if r[0] == "North Times" and "more than an hour" in r[2]]
    assert north and json.loads(north[0][3])[0]["unit"] == "minute"


@pytest.mark.slow  # two extract processes; `extract` runs in the quick lane in test_cli.py
def test_extract_leaves_narration_out_unless_asked(claimtrack, tmp_path):
    """`claimtrack extract` prints no narration by default and prints it with --include-narration."""
    (tmp_path / "council.txt").write_text(ARTICLES[2]["text"], encoding="utf-8")
    plain = claimtrack("extract", str(tmp_path / "council.txt"), "--format", "jsonl")
    assert plain.returncode == 0, plain.stderr
    with_narration = claimtrack("extract", str(tmp_path / "council.txt"), "--format", "jsonl", "--include-narration")
    assert with_narration.returncode == 0, with_narration.stderr
    lines = [json.loads(x) for x in with_narration.stdout.splitlines() if x.strip()]
    texts = " ".join(x["text"] for x in lines)
    assert "lasted more than an hour" in texts
    assert "lasted more than an hour" not in plain.stdout


def test_each_kind_is_found_with_reason_and_evidence(council):
    """Numeric, attribution and polarity contradictions come with a reason, both sentences, outlets, dates, URLs."""
    db, _ = council
    found = by_kind(report(db))
    assert {"numeric", "attribution", "polarity"} <= set(found)
    num = found["numeric"]
    # one disagreement (found from the figures), each side's value as written with the outlets (and speakers)
    assert re.fullmatch(r"about an hour and 15 minutes — Harbor Ledger \([\w ]*Varga\) · 95 minutes — Valley Courier \([\w ]*Brandt\)",
                        num.reason), num.reason
    assert num.grouped == "about an hour and 15 minutes — Harbor Ledger · 95 minutes — Valley Courier"
    assert [s["side"] for s in num.sides] == ["about an hour and 15 minutes", "95 minutes"] and num.mentions == 2
    assert num.status == "open" and 0 < num.score <= 1
    assert {num.source_a, num.source_b} == {"Harbor Ledger", "Valley Courier"}
    assert "lasted about an hour and 15 minutes, Varga told reporters." in num.sentence_a + num.sentence_b
    assert {num.url_a, num.url_b} == {ARTICLES[0]["url"], ARTICLES[1]["url"]}
    assert str(num.published_a)[:10] == "2026-03-02"
    assert "Piet Holm" in found["attribution"].reason and "Varga" in found["attribution"].reason
    assert found["polarity"].reason.split(" — ")[0] in ("destroyed", "not destroyed")
    assert {s["side"] for s in found["polarity"].sides} == {"destroyed", "not destroyed"}
    # the compatible figure (more than an hour) is never flagged
    assert not any("more than 1 hour" in r or "more than 60" in r for r in report(db)["reason"])


def test_dismissed_contradiction_stays_dismissed_after_reingest(claimtrack, council, settings, tmp_path):
    """A dismissed contradiction stays dismissed, and is not raised again, when the same articles and a new one
    restating the same disagreement are ingested again."""
    db, src = council
    num = by_kind(report(db))["numeric"]
    done = claimtrack("review", "dismiss", str(num.contradiction_id), "--note", "two different meetings",
                      "--db", str(db))
    assert done.returncode == 0, done.stderr
    before = report(db)
    later = write_jsonl(tmp_path / "later.jsonl", [LATER])
    summary = pipeline.ingest([str(src), str(later)], db, settings)
    assert summary.articles_new == 1 and summary.claims_new > 0
    after = report(db)
    again = after[after["contradiction_id"] == num.contradiction_id].iloc[0]
    assert again.status == "dismissed" and again.note == "two different meetings" and again.reviewed_at is not None
    same = after[after["pair_key"] == num.pair_key]
    assert len(same) == 1, "the dismissed disagreement was raised again"
    fresh = after[~after["contradiction_id"].isin(before["contradiction_id"])]
    assert not fresh["reason"].str.contains("95 minutes").any()  # other disagreements may still be raised
    listed = claimtrack("review", "list", "--db", str(db), "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert f"\n{num.contradiction_id}," not in listed.stdout


def test_confirmed_contradiction_collects_new_evidence(claimtrack, council, settings, tmp_path):
    """New evidence for a confirmed disagreement is attached to it instead of raising a new row."""
    db, src = council
    att = by_kind(report(db))["attribution"]
    done = claimtrack("review", "confirm", str(att.contradiction_id), "--note", "checked the video", "--db", str(db))
    assert done.returncode == 0, done.stderr
    pipeline.ingest([str(write_jsonl(tmp_path / "later.jsonl", [LATER]))], db, settings)
    after = report(db)
    row = after[after["contradiction_id"] == att.contradiction_id].iloc[0]
    assert row.status == "confirmed"
    assert [e["source_b"] for e in row.evidence] == ["Delta Post"] or [e["source_a"] for e in row.evidence] == [
        "Delta Post"]
    assert len(after[after["pair_key"] == att.pair_key]) == 1
    shown = claimtrack("review", "show", str(att.contradiction_id), "--db", str(db))
    assert shown.returncode == 0 and "more evidence" in shown.stdout and "Delta Post" in shown.stdout


@pytest.mark.slow  # five claimtrack processes; `report` runs in the quick lane in test_cli.py
def test_report_filters_by_status_and_date(claimtrack, council):
    """`report contradictions` honours --status and --since, and refuses a bad status."""
    db, _ = council
    first = report(db).iloc[0]
    assert claimtrack("review", "dismiss", str(first.contradiction_id), "--db", str(db)).returncode == 0
    open_csv = claimtrack("report", "contradictions", "--format", "csv", "--status", "open", "--db", str(db))
    assert open_csv.returncode == 0, open_csv.stderr
    header, *rows = open_csv.stdout.strip().splitlines()
    assert header.startswith("contradiction_id,kind,status") and "sentence_a" in header
    assert rows and all(",open," in r for r in rows)
    assert not any(r.startswith(f"{first.contradiction_id},") for r in rows)
    future = claimtrack("report", "contradictions", "--format", "csv", "--since", "2999-01-01", "--db", str(db))
    assert future.returncode == 0 and len(future.stdout.strip().splitlines()) == 1
    md = claimtrack("report", "contradictions", "--format", "md", "--since", "2000-01-01", "--db", str(db))
    assert md.returncode == 0 and "## " in md.stdout and "**Why:**" in md.stdout
    bad = claimtrack("report", "contradictions", "--status", "maybe", "--db", str(db))
    assert bad.returncode == 2 and "--status" in bad.stderr


def test_review_of_an_unknown_contradiction_fails_cleanly(claimtrack, council):
    """Confirming an id that does not exist is a one-line error, not a traceback."""
    db, _ = council
    result = claimtrack("review", "confirm", "9999", "--db", str(db))
    assert result.returncode != 0 and "no contradiction 9999" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow  # an eval gate: ingests a whole shared event and runs its scorer
def test_event_a_conflict_targets(shared, settings, tmp_path):
    """On shared event A the scorer finds >= 60% of the real conflicts, <= 1 false alarm, <= 3x flagged rows."""
    event = shared / "data" / "xsource" / "eventA"
    db = tmp_path / "eventA.duckdb"
    pipeline.ingest([str(event / "articles.jsonl")], db, settings)
    out = tmp_path / "score.json"
    result = subprocess.run([sys.executable, str(shared / "eval" / "score_xsource.py"), str(event), str(db),
                             "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    score = json.loads(out.read_text())
    assert score["conflict_recall"] >= 0.6, score
    assert score["false_alarms"] <= 1, score
    assert score["flagged"] <= 3 * score["conflicts_gold"], score
