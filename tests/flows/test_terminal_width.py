"""`claimtrack claims` and `claimtrack history` read well in an 80-column terminal: a few columns, whole
words, the quote wrapped rather than squeezed."""
from __future__ import annotations

import re

from warehouse import reading


def run(claimtrack, *args: str, width: int = 80) -> str:
    result = claimtrack(*args, env={"COLUMNS": str(width), "TERM": "dumb"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def words_intact(text: str, output: str) -> bool:
    """Every word of ``text`` appears whole in the output (wrapping may only break between words)."""
    flat = " ".join(output.split())
    return all(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", flat) for w in text.split())


def test_claims_of_a_speaker_fit_80_columns(claimtrack, demo_warehouse):
    """Dates, outlets, the claim wrapped at words and its cluster; no line wider than 80; the one speaker
    in the title rather than in a column."""
    out = run(claimtrack, "claims", "--speaker", "Rell", "--db", str(demo_warehouse))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].strip() == "Claims by Tomas Rell"
    header = next(line for line in lines if "claim" in line.split())
    assert header.split() == ["date", "outlet", "claim", "cluster"]
    with reading(demo_warehouse) as con:
        contents = [r[0] for r in con.execute("SELECT content FROM claims WHERE speaker ILIKE '%Rell%'").fetchall()]
    assert contents and all(words_intact(c, out) for c in contents)
    assert re.search(r"^ ?2026-03-1\d  +\S", out, re.M)


def test_history_fits_80_columns(claimtrack, demo_warehouse):
    """Mention number, date, outlet, speaker and the wording wrapped at words; no line wider than 80."""
    with reading(demo_warehouse) as con:
        cluster, = con.execute("SELECT cluster_id FROM claim_clusters ORDER BY mentions DESC, cluster_id"
                               " LIMIT 1").fetchall()[0]
        wordings = [r[0] for r in con.execute("SELECT wording FROM claim_history WHERE cluster_id = ?",
                                              [cluster]).fetchall()]
    out = run(claimtrack, "history", str(cluster), "--db", str(demo_warehouse))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.split()[:2] == ["#", "date"])
    assert header.split() == ["#", "date", "outlet", "speaker", "wording"]
    assert all(words_intact(w, out) for w in wordings)


def test_machine_formats_keep_every_column(claimtrack, demo_warehouse):
    """csv and json are for programs: every column, nothing wrapped."""
    out = run(claimtrack, "claims", "--speaker", "Rell", "--format", "csv", "--db", str(demo_warehouse), width=40)
    header = out.splitlines()[0].split(",")
    assert len(header) > 5 and "content" in header and "published_at" in header
