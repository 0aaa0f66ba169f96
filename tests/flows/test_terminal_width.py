"""`claimtrack claims` and `claimtrack history` read well in an 80-column terminal: a few columns, whole
words, the quote wrapped rather than squeezed."""
from __future__ import annotations

import re

import pytest

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
    assert header.split() == ["date", "outlet", "claim", "proposition", "cluster"]
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


# --- every listing command at 80 and 120 columns (issue 24) ----------------------------------------

#: Each listing command, and the headers its table shows (in order).
LISTINGS = {
    "runs": (["runs"], ["#", "started", "took", "status", "read", "new", "claims", "flags", "errors"]),
    "review list": (["review", "list", "--status", "all"], ["#", "kind", "status", "conf", "ment", "subject", "why"]),
    "report": (["report", "contradictions", "--format", "table"],
               ["#", "kind", "status", "conf", "ment", "subject", "why"]),
    "sql": (["sql", "select claim_id, speaker, published_at, content from claims order by claim_id limit 5"],
            ["claim_id", "speaker", "published_at", "content"]),
    "claims": (["claims", "--speaker", "Varga"], ["date", "outlet", "claim", "proposition", "cluster"]),
    "history": (["history", "3"], ["#", "date", "outlet", "speaker", "wording"]),
}


def invoke(args: list[str], width: int, env: dict | None = None):
    """The CLI in this process (fast), at a terminal width of ``width`` ($COLUMNS, as a shell sets it)."""
    from typer.testing import CliRunner

    from flows.cli import app

    return CliRunner().invoke(app, args, env={"COLUMNS": str(width), "CLAIMTRACK_DB": None,
                                              "CLAIMTRACK_CONFIG": None, **(env or {})})


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_every_listing_fits_the_terminal_with_whole_headers(demo_warehouse, name, width):
    """No line wider than the terminal; the header line holds each short header whole, in order."""
    args, headers = LISTINGS[name]
    result = invoke([*args, "--db", str(demo_warehouse)], width)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width, "\n".join(l for l in lines if len(l) > width)
    header = next(line for line in lines if line.split()[:2] == headers[:2])
    assert header.split() == headers
    rule = lines[lines.index(header) + 1]
    assert set(rule.replace(" ", "")) == {"─"}  # the rule under the headers: one dash run per column
    assert len(rule.split()) == len(headers)


def test_a_wide_sql_row_becomes_a_record_at_80_and_keeps_every_column(demo_warehouse):
    """`select *` over the claims view has more columns than 80 characters hold: each row is shown as a record,
    every column name whole at the start of its line."""
    from warehouse import reading

    with reading(demo_warehouse) as con:
        columns = [d[0] for d in con.execute("select * from claims limit 0").description]
    result = invoke(["sql", "select * from claims limit 3", "--db", str(demo_warehouse)], 80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    starts = {line.split()[0] for line in lines if line and not line.startswith((" ", "─"))}
    assert set(columns) <= starts


def test_more_width_gives_more_text(demo_warehouse):
    """At 120 columns the review list cuts less than at 80."""
    narrow = invoke(["review", "list", "--db", str(demo_warehouse)], 80).stdout
    wide = invoke(["review", "list", "--db", str(demo_warehouse)], 120).stdout
    assert narrow.count("…") >= wide.count("…") and len(narrow.splitlines()) > len(wide.splitlines())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_keep_full_values_at_any_width(demo_warehouse, fmt):
    """The script formats ignore the terminal: every column, nothing cut."""
    import csv
    import io
    import json

    result = invoke(["review", "list", "--format", fmt, "--db", str(demo_warehouse)], 40)
    assert result.exit_code == 0, result.output
    rows = ([json.loads(line) for line in result.stdout.splitlines()] if fmt == "json"
            else list(csv.DictReader(io.StringIO(result.stdout))))
    assert rows and all("…" not in str(r["reason"]) for r in rows)
    assert set(rows[0]) == {"contradiction_id", "kind", "status", "confidence", "mentions", "reason", "subject"}
