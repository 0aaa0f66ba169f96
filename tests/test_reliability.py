"""Issue 7: bad input never stops a run; exit statuses; one ingest at a time; security of sql, HTML and URLs.

Everything runs the real `claimtrack` command in subprocesses against DuckDB files in tmp folders;
the articles are invented here.
"""
from __future__ import annotations

import http.server
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))

GOOD = ("Harbor Ledger reported on Tuesday that the port authority would close the north pier. "
        "“We will reopen the pier by the end of May,” said Mayor Ilse Varga. "
        "Council member Tomas Brandt said the repairs would cost 4 million crowns.\n")


def sql_rows(claimtrack, db: Path, query: str) -> list[dict]:
    res = claimtrack("sql", query, "--db", str(db), "--format", "json")
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def make_bad_corpus(d: Path) -> None:
    """One folder with a good article and every kind of bad input, and a JSON Lines file of good and bad lines."""
    d.mkdir(parents=True, exist_ok=True)
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("   \n\t\n  \n", encoding="utf-8")
    rnd = random.Random(7)
    (d / "random.txt").write_bytes(bytes(rnd.randrange(256) for _ in range(5000)))
    (d / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "controls.txt").write_bytes(bytes(rnd.choice([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 65]) for _ in range(3000)))
    (d / "cp1252.txt").write_bytes(("The minister said the “deal” was done – at the café in Nørby, "
                                    "said Mayor Ilse Varga on Monday.\n").encode("cp1252"))
    (d / "broken-utf8.txt").write_bytes("Mayor Ilse Varga said the café in Nørby would reopen. ".encode()
                                        + b"\xff\xfe bad \xc3 bytes. "
                                        + "Council member Tomas Brandt said the plan was “sound”.\n".encode())
    (d / "utf16.txt").write_bytes(GOOD.replace("Tuesday", "Wednesday").encode("utf-16"))
    (d / "german.txt").write_text((
        "Die Bürgermeisterin Ilse Varga sagte am Dienstag, dass die Brücke im Mai wieder geöffnet werde. Der Stadtrat "
        "Tomas Brandt erklärte, die Reparaturen würden vier Millionen Kronen kosten, und die Bürger müssten sich noch "
        "gedulden. Nach Angaben der Hafenbehörde bleibt der Nordpier bis zum Ende des Monats gesperrt.\n") * 2,
        encoding="utf-8")
    (d / "chinese.txt").write_text(("市长伊尔莎·瓦尔加周二表示，这座桥将在五月重新开放。市议员托马斯·布兰特说，维修费用将达到四百万克朗。"
                                    "港务局表示，北码头将关闭到本月底。") * 5, encoding="utf-8")
    (d / "unbalanced.txt").write_text(
        "Mayor Ilse Varga said “the bridge will open in May. Tomas Brandt said \"it will not. "
        "The port authority said “the pier stays closed” and ” more.\n“\n", encoding="utf-8")
    sentence = "Mayor Ilse Varga said the pier would reopen in May, and Tomas Brandt said it would cost more; "
    (d / "longline.txt").write_text((sentence * (50000 // len(sentence) + 1))[:50000], encoding="utf-8")
    with (d / "huge.txt").open("w", encoding="utf-8") as fh:  # 20 MB: over the default extract.max_chars
        block = "Mayor Ilse Varga said the bridge would open in May. " * 1000
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(block)
    (d / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    lines = [
        json.dumps({"id": "a1", "outlet": "Harbor Ledger", "url": "https://example.org/a1", "published": "2025-03-04",
                    "text": GOOD.replace("Tuesday", "Thursday")}),
        '{"id": "a2", "outlet": "Broken", "text": "unterminated',
        json.dumps({"id": "a3", "outlet": "No Text Gazette"}),
        json.dumps({"id": "a4", "text": "Mayor Ilse Varga said the pier would reopen."}),
        json.dumps({"id": "a5", "outlet": "Numbers", "text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps("just a string"),
        "null",
        "",
        json.dumps({"id": "a6", "outlet": "Dateless Daily", "published": "sometime last spring",
                    "text": "Council member Tomas Brandt said the harbor tax would rise by 3 percent next year.\n"}),
        '{"id": "a7", "outlet": "Surrogate Post", "published": "2025-03-05", '
        '"text": "Mayor Ilse Varga said the \\ud800 bridge would open on Friday."}',
        json.dumps({"id": "a8", "outlet": "Blank Times", "text": "   "}),
        json.dumps({"id": "a9", "outlet": "Epoch Herald", "published": 1700000000,
                    "text": "The port authority said the north pier would remain closed until June.\n"}),
        "{not json at all",
    ]
    (d / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


#: item (relative to the corpus folder) → (kind of line, words the line must hold), for every bad input.
EXPECTED = {
    "empty.txt": ("error", "empty article"),
    "blank.txt": ("error", "empty article"),
    "random.txt": ("error", "binary file"),
    "picture.txt": ("error", "binary file (PNG image)"),
    "controls.txt": ("error", "binary file (control characters)"),
    "notes.docx": ("note", "unsupported file type '.docx' in a folder"),
    "huge.txt": ("error", "larger than an article may be (extract.max_chars = 200,000 characters)"),
    "cp1252.txt": ("note", "decoded as Windows-1252 (cp1252)"),
    "broken-utf8.txt": ("note", "3 undecodable byte sequence(s), first at byte 56): replaced with U+FFFD"),
    "utf16.txt": ("note", "decoded as UTF-16"),
    "german.txt": ("note", "does not look like English"),
    "chinese.txt": ("note", "does not look like English"),
    "articles.jsonl:2": ("error", "not valid JSON"),
    "articles.jsonl:3": ("error", "text (missing) must be text"),
    "articles.jsonl:4": ("error", "outlet (missing) must be text"),
    "articles.jsonl:5": ("error", "text (a number) must be text"),
    "articles.jsonl:6": ("error", "expected a JSON object, got an array"),
    "articles.jsonl:7": ("error", "expected a JSON object, got a string"),
    "articles.jsonl:8": ("error", "expected a JSON object, got null"),
    "articles.jsonl:10": ("note", "date 'sometime last spring' could not be read: stored without a date"),
    "articles.jsonl:11": ("note", "unpaired surrogate"),
    "articles.jsonl:12": ("error", "empty article"),
    "articles.jsonl:13": ("note", "date '1700000000' could not be read: stored without a date"),
    "articles.jsonl:14": ("error", "not valid JSON"),
}
#: The inputs that must be stored: files and JSON lines.
STORED = ["good.txt", "cp1252.txt", "broken-utf8.txt", "utf16.txt", "german.txt", "chinese.txt", "unbalanced.txt",
          "longline.txt", "articles.jsonl:1", "articles.jsonl:10", "articles.jsonl:11", "articles.jsonl:13"]


@pytest.fixture(scope="module")
def bad_run(claimtrack, tmp_path_factory):
    """The bad corpus ingested twice into one warehouse: (corpus folder, db, first result, second result)."""
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "corpus"
    make_bad_corpus(corpus)
    db = root / "bad.duckdb"
    first = claimtrack("ingest", str(corpus), "--db", str(db), "--no-prefect", timeout=600)
    second = claimtrack("ingest", str(corpus), "--db", str(db), "--no-prefect", timeout=600)
    return corpus, db, first, second


@pytest.mark.slow
def test_bad_inputs_each_get_one_line_naming_the_item(bad_run):
    """Every bad input is named on one stderr line (error or note) with what was wrong; no traceback."""
    corpus, _, first, _ = bad_run
    lines = first.stderr.splitlines()
    assert "Traceback" not in first.stderr
    for item, (kind, words) in EXPECTED.items():
        named = [ln for ln in lines if ln.startswith(f"{kind}: {corpus / item}: ")]
        assert len(named) == 1, (item, first.stderr)
        assert words in named[0], (item, named[0])
    for line in lines:
        assert re.match(r"^(error|note): ", line), line


@pytest.mark.slow
def test_the_run_goes_on_and_stores_the_good_inputs_once(claimtrack, bad_run):
    """Exit 1 (some items failed); every readable input is stored once, a second run stores nothing new."""
    corpus, db, first, second = bad_run
    assert first.returncode == 1, first.stderr
    assert second.returncode == 1
    assert "12 article(s) read, 12 new" in first.stdout.replace("\n", " ")
    assert "12 article(s) read, 0 new" in second.stdout.replace("\n", " ")
    origins = sorted(r["origin"] for r in sql_rows(claimtrack, db, "select origin from articles"))
    assert origins == sorted(str(corpus / item) for item in STORED)
    runs = sql_rows(claimtrack, db, "select run_id, status, errors from runs order by run_id")
    assert [(r["status"], r["errors"]) for r in runs] == [("partial", 15), ("partial", 15)]


@pytest.mark.slow
def test_claim_offsets_lie_inside_their_article(claimtrack, bad_run):
    """Whatever the input (long line, unbalanced quotes, other scripts), every claim offset is inside its text."""
    _, db, _, _ = bad_run
    bad = sql_rows(claimtrack, db, "select count(*) as n from claims c join articles a using (article_id) where"
                       " c.claim_start < 0 or c.claim_end > length(a.text) or c.claim_start > c.claim_end")
    assert bad == [{"n": 0}]
    per = {r["origin"].rsplit("/", 1)[-1]: r["n"] for r in sql_rows(claimtrack,
        db, "select a.origin, count(c.claim_id) as n from articles a left join claims c using (article_id) group by 1")}
    assert per["longline.txt"] > 0 and per["good.txt"] > 0


@pytest.mark.slow
def test_encodings_are_decoded_as_the_note_says(claimtrack, bad_run):
    """cp1252 text is read correctly; broken UTF-8 keeps its good characters with U+FFFD for the bad bytes."""
    corpus, db, _, _ = bad_run
    texts = {r["origin"].rsplit("/", 1)[-1]: r["text"]
             for r in sql_rows(claimtrack, db, "select origin, text from articles")}
    assert "“deal” was done – at the café in Nørby" in texts["cp1252.txt"]
    assert "café in Nørby" in texts["broken-utf8.txt"] and "\ufffd" in texts["broken-utf8.txt"]
    assert texts["utf16.txt"] == GOOD.replace("Tuesday", "Wednesday")
    assert "\ufffd bridge" in texts["articles.jsonl:11"]


@pytest.mark.slow
def test_unreadable_dates_are_stored_as_no_date(claimtrack, bad_run):
    """An article whose date cannot be read is stored with published_at NULL; a good date is kept."""
    _, db, _, _ = bad_run
    dates = {r["external_id"]: r["published_at"] for r in sql_rows(claimtrack,
        db, "select external_id, published_at from articles where external_id is not null")}
    assert dates["a6"] is None and dates["a9"] is None
    assert dates["a1"].startswith("2025-03-04")


@pytest.mark.slow  # an ingest process; max_chars is checked in the quick lane by tests/flows/test_fetch.py
def test_size_limit_is_a_setting_with_a_clear_message(claimtrack, tmp_path):
    """extract.max_chars set low: longer articles and JSON lines are skipped with the limit named; others stored."""
    cfg = tmp_path / "small.toml"
    cfg.write_text("[extract]\nmax_chars = 2000\n")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "short.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "long.txt").write_text(GOOD * 20, encoding="utf-8")            # 4,560 chars, under the byte cap
    (corpus / "longer.txt").write_text(GOOD * 400, encoding="utf-8")         # 92,800 bytes: refused unread
    (corpus / "lines.jsonl").write_text(
        json.dumps({"outlet": "A", "text": GOOD.replace("Tuesday", "Monday")}) + "\n" + json.dumps({"outlet": "B", "text": GOOD * 600}) + "\n"
        + json.dumps({"outlet": "C", "text": GOOD.replace("Tuesday", "Friday")}) + "\n", encoding="utf-8")
    res = claimtrack("ingest", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--no-prefect", "--config", str(cfg))
    assert res.returncode == 1
    err = res.stderr
    assert f"error: {corpus / 'long.txt'}: article has 4,560 characters, over the limit of 2,000 (extract.max_chars)" in err
    assert f"error: {corpus / 'longer.txt'}: file of 92,800 bytes is larger than an article may be" in err
    assert f"error: {corpus / 'lines.jsonl'}:2: line of " in err and "line skipped" in err
    assert "3 article(s) read, 3 new" in res.stdout.replace("\n", " ")


def _peak_rss_mb(args: list[str]) -> tuple[int, float, float, str]:
    """Run a command; its exit status, peak resident memory in MB, wall seconds, stderr."""
    start = time.monotonic()
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("CLAIMTRACK_DB", None)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024, time.monotonic() - start, err


@pytest.mark.slow  # writes and refuses 60 MB of input
def test_20_mb_articles_are_refused_with_the_limit_named(tmp_path):
    """A 20 MB .txt, .html and JSON line are refused with the limit named; the small article is stored.
    (Peak memory on these inputs: bench/fetch_faults.py.)"""
    corpus = tmp_path / "big"
    corpus.mkdir()
    block = "Mayor Ilse Varga said the bridge would open in May. Tomas Brandt said it would not. " * 1000
    body = block * (20 * 1024 * 1024 // len(block) + 1)
    (corpus / "big.txt").write_text(body, encoding="utf-8")
    (corpus / "big.html").write_text(f"<html><body><article><p>{body}</p></article></body></html>", encoding="utf-8")
    (corpus / "big.jsonl").write_text(json.dumps({"outlet": "Big", "text": body}) + "\n"
                                      + json.dumps({"outlet": "Small", "text": GOOD}) + "\n", encoding="utf-8")
    code, _, _, err = _peak_rss_mb([CLAIMTRACK, "ingest", str(corpus), "--db", str(tmp_path / "b.duckdb"),
                                      "--no-prefect"])
    assert code == 1, err
    for name in ("big.txt", "big.html", "big.jsonl:1"):
        assert f"error: {corpus / name}: " in err and "larger than an article may be" in err, err
    assert "big.jsonl:2" not in err


@pytest.mark.parametrize("args", [
    ["ingest"],
    pytest.param(["ingest", "x.txt", "--bogus"], marks=pytest.mark.slow),
    pytest.param(["sql", "select 1", "--format", "xml"], marks=pytest.mark.slow),
    pytest.param(["nosuchcommand"], marks=pytest.mark.slow),
])
def test_usage_errors_exit_2(claimtrack, args, tmp_path):
    """A usage error (missing argument, unknown option or value, unknown command) exits 2."""
    assert claimtrack(*args).returncode == 2


def test_bad_settings_file_is_a_usage_error(claimtrack, tmp_path):
    """A settings file with an unknown key exits 2 with a message naming the key."""
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[extract]\nmax_charz = 5\n")
    (tmp_path / "a.txt").write_text(GOOD)
    res = claimtrack("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.duckdb"), "--config", str(cfg))
    assert res.returncode == 2 and "extract.max_charz" in res.stderr


@pytest.mark.slow  # an ingest process; test_cli.py's ingest checks exit 0 in the quick lane
def test_exit_0_when_all_good_and_readme_says_so(claimtrack, tmp_path):
    """A clean ingest exits 0, and the README documents every exit code (0/1/2/3/4)."""
    (tmp_path / "a.txt").write_text(GOOD)
    res = claimtrack("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "ok.duckdb"), "--no-prefect")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for row in ("| 0 | `OK` | all good |", "| 1 | `SOME_FAILED` | some items failed, each named on stderr",
                "| 2 | `USAGE` |", "| 3 | `NOT_FOUND` |", "| 4 | `INTERNAL` |"):
        assert row in readme, row


# --- concurrency ------------------------------------------------------------------------------------------


@pytest.mark.slow  # two ingest processes, one waiting out the busy time
def test_second_ingest_exits_with_a_clear_message_when_one_is_running(claimtrack, tmp_path):
    """While another process holds the ingest lock, an ingest waits database.busy_wait_seconds, then names it."""
    from warehouse.db import ingest_lock

    db = tmp_path / "busy.duckdb"
    (tmp_path / "a.txt").write_text(GOOD)
    cfg = tmp_path / "wait.toml"
    cfg.write_text("[database]\nbusy_wait_seconds = 1.0\n")
    with ingest_lock(db):
        res = claimtrack("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-prefect", "--config", str(cfg))
    assert res.returncode == 1
    assert res.stderr.strip() == (f"error: another claimtrack ingest (process {os.getpid()}) is running on {db}; "
                                  "waited 1 s, try again when it has finished")
    res = claimtrack("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-prefect", "--config", str(cfg))
    assert res.returncode == 0, res.stderr


def _corpus(folder: Path, n: int, seed: int = 1) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_crash import write_corpus

    return write_corpus(folder / "corpus.jsonl", n, seed)


@pytest.mark.slow  # two ingest processes of a 60-article corpus
def test_two_ingests_at_once_store_everything_once(claimtrack, tmp_path):
    """Two ingests started together on one database: one waits for the other; each article stored once."""
    corpus = _corpus(tmp_path, 60)
    db = tmp_path / "two.duckdb"
    cfg = tmp_path / "wait.toml"
    cfg.write_text("[database]\nbusy_wait_seconds = 300.0\n")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    args = [CLAIMTRACK, "ingest", str(corpus), "--db", str(db), "--no-prefect", "--config", str(cfg)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = sql_rows(claimtrack, db, "select count(*) as n, count(distinct content_hash) as d from articles")
    assert counts == [{"n": 60, "d": 60}]
    news = sorted(r["articles_new"] for r in sql_rows(claimtrack, db, "select articles_new from runs"))
    assert news == [0, 60]


@pytest.mark.slow  # an ingest process of a 200-article corpus
def test_sql_during_an_ingest_succeeds_or_says_why(claimtrack, tmp_path):
    """`claimtrack sql` while an ingest runs either answers or names the busy database; it never hangs or traces."""
    corpus = _corpus(tmp_path, 200, seed=3)
    db = tmp_path / "live.duckdb"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    ingest = subprocess.Popen([CLAIMTRACK, "ingest", str(corpus), "--db", str(db), "--no-prefect"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    outcomes = []
    try:
        while ingest.poll() is None and len(outcomes) < 6:
            if not db.exists():
                time.sleep(0.2)
                continue
            res = claimtrack("sql", "select count(*) as n from articles", "--db", str(db), "--format", "json")
            outcomes.append(res)
    finally:
        ingest.communicate(timeout=600)
    assert ingest.returncode == 0
    assert outcomes, "the ingest finished before any query could be tried"
    for res in outcomes:
        if res.returncode == 0:
            assert json.loads(res.stdout)["n"] >= 0
        else:
            assert res.returncode == 1
            assert re.fullmatch(r"error: database .* is in use by another claimtrack process \(held by process \d+.*\); "
                                r"waited \d+ s, try again when it has finished\n", res.stderr), res.stderr


@pytest.mark.slow  # waits out the busy time against a holding process
def test_sql_while_the_file_is_held_names_the_holder(claimtrack, tmp_path):
    """A write connection held by another process: `claimtrack sql` waits, then names the process holding it."""
    import duckdb

    db = tmp_path / "held.duckdb"
    (tmp_path / "a.txt").write_text(GOOD)
    assert claimtrack("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-prefect").returncode == 0
    cfg = tmp_path / "wait.toml"
    cfg.write_text("[database]\nbusy_wait_seconds = 1.0\n")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,sys,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        res = claimtrack("sql", "select count(*) from articles", "--db", str(db),
                         env={"CLAIMTRACK_CONFIG": str(cfg)})
    finally:
        holder.communicate("", timeout=30)
    assert res.returncode == 1
    assert f"held by process {holder.pid}" in res.stderr and res.stderr.count("\n") == 1, res.stderr
    del duckdb


# --- security ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_db(tmp_path_factory, settings) -> Path:
    """One article ingested in this process (the model is already loaded here): the warehouse to attack."""
    from flows import pipeline

    d = tmp_path_factory.mktemp("sec")
    (d / "a.txt").write_text(GOOD)
    db = d / "sec.duckdb"
    summary = pipeline.ingest([str(d / "a.txt")], db, settings)
    assert summary.articles_new == 1 and not summary.errors, summary
    return db


# Each query costs three claimtrack processes: the quick lane tries a write, a file written and a file read;
# CI tries them all.
@pytest.mark.parametrize("query", [
    "delete from claim_store",
    pytest.param("drop table claim_store", marks=pytest.mark.slow),
    pytest.param("update article_store set text = 'x'", marks=pytest.mark.slow),
    pytest.param("insert into sources values (99, 'x', 'x', 'x', now())", marks=pytest.mark.slow),
    pytest.param("create table t as select 1", marks=pytest.mark.slow),
    pytest.param("attach '{out}.db' as other", marks=pytest.mark.slow),
    "copy (select text from articles) to '{out}'",
    pytest.param("explain analyze copy (select text from articles) to '{out}'", marks=pytest.mark.slow),
    "select * from read_text('/etc/hostname')",
    pytest.param("select * from read_csv('/etc/passwd')", marks=pytest.mark.slow),
    pytest.param("install httpfs", marks=pytest.mark.slow),
    pytest.param("set enable_external_access = true", marks=pytest.mark.slow),
    pytest.param("pragma enable_profiling", marks=pytest.mark.slow),
    pytest.param("select 1; delete from claim_store", marks=pytest.mark.slow),
])
def test_sql_is_read_only_and_touches_no_other_file(claimtrack, small_db, tmp_path, query):
    """Writes, other files (read or written), extensions and settings are refused in one line; nothing changes."""
    from warehouse import reading

    def stored() -> tuple:  # read here: only the refused query needs a process of its own
        with reading(small_db) as con:
            return con.execute("select (select count(*) from claims), (select count(*) from articles)").fetchone()

    out = tmp_path / "leak.csv"
    before = stored()
    res = claimtrack("sql", query.format(out=out), "--db", str(small_db))
    assert res.returncode == 1, res.stdout
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert not out.exists() and not Path(f"{out}.db").exists()
    assert stored() == before


@pytest.mark.slow  # ingest and report processes; the quick lane checks escaping in tests/flows/test_web.py
def test_html_report_escapes_scraped_text(claimtrack, tmp_path):
    """A <script> in an article's outlet, URL and text never reaches the HTML report as markup."""
    script = "<script>alert('owned')</script>"
    lines = [
        {"id": "x1", "outlet": f"Ledger {script}", "url": "javascript:alert(1)", "published": "2025-04-01",
         "title": script, "text": f"Mayor Ilse Varga said the repairs would cost 4 million crowns {script}.\n"},
        {"id": "x2", "outlet": "Courier <img src=x onerror=alert(2)>", "url": "https://example.org/x2?a=1&b=<i>",
         "published": "2025-04-02", "text": f"Mayor Ilse Varga said the repairs would cost 9 million crowns {script}.\n"},
    ]
    src = tmp_path / "xss.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = tmp_path / "xss.duckdb"
    assert claimtrack("ingest", str(src), "--db", str(db), "--no-prefect").returncode == 0
    found = sql_rows(claimtrack, db, "select count(*) as n from contradictions")[0]["n"]
    assert found >= 1, "the two articles should contradict (numbers) so the report shows their text"
    res = claimtrack("report", "contradictions", "--format", "html", "--db", str(db))
    assert res.returncode == 0, res.stderr
    page = res.stdout
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "javascript:" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page


# Ingest and sql processes for each URL; the quick lane refuses these URLs in tests/flows/test_fetch.py.
@pytest.mark.slow
@pytest.mark.parametrize("url", ["file:///etc/passwd", "FILE:///etc/passwd", "ftp://127.0.0.1/x.txt",
                                 "gopher://127.0.0.1/x"])
def test_non_http_urls_are_refused(claimtrack, tmp_path, url):
    """`ingest file:///etc/passwd` (or ftp, gopher) is refused with one line naming the URL; nothing stored."""
    db = tmp_path / "u.duckdb"
    res = claimtrack("ingest", url, "--db", str(db), "--no-prefect")
    assert res.returncode == 1
    line = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
    assert len(line) == 1 and line[0].startswith(f"error: {url}: ") and "http(s)" in line[0], res.stderr
    assert sql_rows(claimtrack, db, "select count(*) as n from articles") == [{"n": 0}]


class _Site(http.server.BaseHTTPRequestHandler):
    """A feed linking a file:// URL, an oversized page, a page that never answers, one that trickles, one good."""

    port = 0

    def log_message(self, *args):
        pass

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = f"http://127.0.0.1:{self.port}"
        if self.path == "/feed.xml":
            items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n, link in [
                ("passwd", "file:///etc/passwd"), ("big", f"{base}/big"), ("slow", f"{base}/slow"),
                ("good", f"{base}/good")])
            self._send(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Test Wire</title>{items}"
                       f"</channel></rss>".encode(), "application/rss+xml")
        elif self.path == "/big":
            self._send(b"<html><body><p>" + b"x" * 3_000_000 + b"</p></body></html>", "text/html")
        elif self.path == "/slow":
            time.sleep(5)
            self._send(b"<html><body><p>late</p></body></html>", "text/html")
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):  # one byte every 0.5 s: each read is quick, the whole takes 20 s
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        elif self.path == "/good":
            self._send(f"<html><head><title>Pier</title></head><body><article><p>{GOOD}</p><p>{GOOD}</p>"
                       f"</article></body></html>".encode(), "text/html")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    _Site.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{_Site.port}"
    server.shutdown()


@pytest.mark.slow  # waits out read timeouts of a silent page
def test_feed_cannot_reach_files_and_fetches_are_capped(claimtrack, site, tmp_path):
    """A feed's file:// link is refused, an oversized page hits fetch.max_bytes, a silent one fetch.read_timeout."""
    cfg = tmp_path / "caps.toml"
    cfg.write_text("[fetch]\nread_timeout = 1.0\nconnect_timeout = 1.0\nmax_bytes = 1000000\nretries = 0\n")
    db = tmp_path / "f.duckdb"
    res = claimtrack("ingest", f"{site}/feed.xml", "--db", str(db), "--no-prefect", "--config", str(cfg), timeout=120)
    assert res.returncode == 1, res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
    assert any(ln.startswith("error: file://") and "passwd" in ln and "http(s)" in ln for ln in errors), errors
    assert any(ln.startswith(f"error: {site}/big: ") and "limit" in ln for ln in errors), errors
    assert any(ln.startswith(f"error: {site}/slow: ") and "timed out" in ln for ln in errors), errors
    texts = [r["text"] for r in sql_rows(claimtrack, db, "select text from articles")]
    assert len(texts) == 1 and "north pier" in texts[0]
    assert not any("root:" in t for t in texts)


@pytest.mark.slow  # waits out the total time cap
def test_a_trickling_server_is_cut_off_by_a_total_time_cap(claimtrack, site, tmp_path):
    """A page that sends one byte at a time never finishes: the fetch gives up at the total cap, named.
    (How long that takes: bench/fetch_faults.py.)"""
    cfg = tmp_path / "caps.toml"
    cfg.write_text("[fetch]\nread_timeout = 1.0\nconnect_timeout = 1.0\nretries = 0\n")
    res = claimtrack("ingest", f"{site}/trickle", "--db", str(tmp_path / "t.duckdb"), "--no-prefect", "--config",
                     str(cfg), timeout=120)
    assert res.returncode == 1
    assert f"error: {site}/trickle: gave up after 4 s: the body never finished" in res.stderr, res.stderr
