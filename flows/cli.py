"""The ``claimtrack`` command: a thin layer over flows.pipeline, warehouse and claims.

Exit status: 0 all good, 1 some items failed (each named on stderr), 2 usage error.

Start-up is kept short (``claimtrack sql``, ``runs``, ``--help``): this module imports neither pandas,
spaCy nor Prefect; a command imports what it needs (the warehouse's pandas modules, the pipeline,
Prefect) inside its own body. Those function-level imports are deliberate.
"""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
import config as configuration
from warehouse import WarehouseError, reading, writing
from warehouse import user_sql

from .tables import TableFormat, err, out, print_frame, print_narrow, print_rows

OK, SOME_FAILED, USAGE = 0, 1, 2

app = typer.Typer(
    help="Track attributed claims across news outlets: ingest articles, merge the same claim, flag contradictions.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False,
)
report_app = typer.Typer(help="Reports for people to read.", no_args_is_help=True)
review_app = typer.Typer(help="Review contradictions: list, show, confirm, dismiss.", no_args_is_help=True)
app.add_typer(report_app, name="report")
app.add_typer(review_app, name="review")

DbOption = typer.Option(None, "--db", help="Warehouse file (default: $CLAIMTRACK_DB or ./claimtrack.duckdb).")
ConfigOption = typer.Option(None, "--config", help="Settings file overriding config/defaults.toml.")


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"


def fail(message: str, code: int = SOME_FAILED) -> None:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def _settings(config_path: Optional[Path]) -> dict:
    try:
        return configuration.load(config_path)
    except configuration.ConfigError as exc:
        fail(str(exc), USAGE)


def _db(db: Optional[Path], settings: dict | None = None) -> Path:
    return configuration.database_path(db, settings)


def _quiet_prefect() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")
    # the extraction workers already parse while the server starts (pipeline.prestart_extraction):
    # on a busy machine it takes longer than Prefect's 20 s default
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def _print_errors(errors, notes=()) -> None:
    for item, message in notes:
        err.print(f"note: {item}: {message}", markup=False, highlight=False)
    for item, message in errors:
        err.print(f"error: {item}: {message}", markup=False, highlight=False)


@app.command()
def ingest(
    sources: list[str] = typer.Argument(..., help="Folders or files (.txt, .html, .jsonl), feed URLs or page URLs."),
    db: Optional[Path] = DbOption,
    config: Optional[Path] = ConfigOption,
    no_prefect: bool = typer.Option(False, "--no-prefect", help="Run the pipeline without Prefect (faster start)."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="tcp://HOST:PORT",
                                       help="Extract on this Dask cluster (needs claimtrack[dask]); "
                                            "storing stays here. Default: [scale] dask_address."),
) -> None:
    """Read articles, extract their claims, store them, merge and compare them.

    Example: claimtrack ingest ./articles feed.jsonl https://example.org/rss --db news.duckdb
    """
    settings = _settings(config)
    db_path = _db(db, settings)
    from . import lifecycle, pipeline

    address = dask if dask is not None else settings["scale"]["dask_address"]
    if address:
        if no_prefect:
            fail("--dask runs extraction through Prefect's Dask task runner: drop --no-prefect"
                 if dask else "[scale] dask_address is set: extraction runs through Prefect; drop --no-prefect")
        try:
            import prefect_dask  # noqa: F401
        except ImportError:
            from .ingest_flow import DASK_MISSING

            fail(DASK_MISSING)

    try:
        # SIGTERM unwinds like Ctrl-C: the batch in flight rolls back, the run is marked 'interrupted'
        with lifecycle.stopping_on_signals():
            # one ingest per database: wait for the ingest lock here (before Prefect starts), mark crashed runs
            interrupted = pipeline.recover(db_path, settings["database"]["busy_wait_seconds"])
            if not address:
                pipeline.prestart_extraction(sources, settings, db_path)  # before Prefect starts: no threads to fork yet
            try:
                with out.status("Ingesting…") if sys.stdout.isatty() else _nullcontext():
                    if no_prefect:
                        summary = pipeline.ingest(sources, db_path, settings, _progress())
                        summary_dict = summary.__dict__
                    else:
                        _quiet_prefect()
                        lifecycle.start_temporary_prefect_server()  # so that it ends with this process
                        from . import ingest_flow

                        ingest_flow.progress_sink = _progress()
                        summary_dict = ingest_flow.ingest(list(sources), str(db_path),
                                                          str(config) if config else None,
                                                          dask_address=address or None)
                        if not isinstance(summary_dict, dict):  # the flow found the file busy: its run is recorded
                            fail(f"the run did not start: database {db_path} is busy (see `claimtrack runs`)")
            finally:
                pipeline.release_ingest_lock(db_path)
    except WarehouseError as exc:
        fail(str(exc))
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM (lifecycle.Terminated)
        err.print(f"stopped by {lifecycle.signal_name(exc)}: the run is marked 'interrupted'; what it stored is "
                  f"kept, the next ingest does the rest", markup=False, highlight=False)
        raise typer.Exit(lifecycle.exit_code(exc))
    _print_errors(summary_dict["errors"], [*pipeline.interrupted_notes(interrupted), *summary_dict["notes"]])
    out.print(
        f"run {summary_dict['run_id']}: {summary_dict['articles_read']} article(s) read, "
        f"{summary_dict['articles_new']} new, {summary_dict['claims_new']} claim(s), "
        f"{summary_dict['contradictions_new']} new contradiction(s), {len(summary_dict['errors'])} error(s) → {db_path}",
        highlight=False,
    )
    raise typer.Exit(SOME_FAILED if summary_dict["errors"] else OK)


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _progress():
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    state: dict = {}

    def update(done: int, total: int) -> None:
        if "p" not in state:
            state["p"] = Progress(console=err, transient=True)
            state["p"].start()
            state["t"] = state["p"].add_task("storing articles", total=total)
        state["p"].update(state["t"], completed=done)
        if done >= total:
            state["p"].stop()
            state.clear()

    return update


def _iter_text_files(paths: list[Path]):
    for p in paths:
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*.txt") if f.is_file())
        elif p.exists():
            yield p
        else:
            yield p  # reported missing below


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Text files or folders of .txt files."),
    format: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    include_narration: bool = typer.Option(False, "--include-narration", help="Also list the outlet's own statements."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Print the attributed claims of text files, one JSON line per attribution (no database).

    Example: claimtrack extract article.txt folder/ --format jsonl > claims.jsonl
    """
    if format != "jsonl":
        fail(f"unknown format '{format}' (only jsonl)", USAGE)
    settings = _settings(config)
    settings["extract"] = {**settings["extract"], "include_narration": include_narration}
    docs, texts, failed = [], [], 0
    for f in _iter_text_files(paths):
        try:
            raw = f.read_bytes()
        except OSError as exc:
            err.print(f"error: {f}: cannot read: {exc.strerror or exc}", markup=False, highlight=False)
            failed += 1
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            err.print(f"note: {f}: not valid UTF-8 (byte {exc.start}): undecodable bytes replaced", markup=False)
            text = raw.decode("utf-8", errors="replace")
        if not text.strip():
            err.print(f"error: {f}: empty file: skipped", markup=False, highlight=False)
            failed += 1
            continue
        docs.append(f.stem)
        texts.append(text)
    from . import lifecycle, pipeline

    extractor = pipeline.extractor_for(settings, sum(t.count(" ") for t in texts))
    try:
        with lifecycle.stopping_on_signals():  # Ctrl-C/SIGTERM stop the spaCy workers too, then exit 130/143
            _print_extracted(docs, extractor.extract_many(texts))
    except KeyboardInterrupt as exc:
        err.print(f"stopped by {lifecycle.signal_name(exc)}", markup=False, highlight=False)
        raise typer.Exit(lifecycle.exit_code(exc))
    raise typer.Exit(SOME_FAILED if failed else OK)


def _print_extracted(docs: list[str], results) -> None:
    write = sys.stdout.write
    for doc, result in zip(docs, results):
        for att in result.attributions:
            write(json.dumps({
                "doc": doc,
                "speaker": att.speaker.as_list() if att.speaker else None,
                "cue": att.cue.as_list() if att.cue else None,
                "content": [s.as_list() for s in att.content],
                "speaker_text": att.speaker_text,
                "speaker_name": att.speaker_name,
                "cue_lemma": att.cue_lemma,
                "stance": att.stance,
                "quote_type": att.quote_type,
                "text": att.text,
            }, ensure_ascii=False) + "\n")


@app.command()
def sql(
    query: str = typer.Argument(..., help="A SQL query over the views: articles, claims, claim_clusters, ..."),
    db: Optional[Path] = DbOption,
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="table, csv or json (one object per line)."),
) -> None:
    """Run a read-only SQL query on the warehouse.

    Example: claimtrack sql "select speaker, count(*) from claims group by 1 order by 2 desc limit 10"
    """
    settings = _settings(None)
    try:
        with reading(_db(db, settings), wait=settings["database"]["busy_wait_seconds"]) as con:
            if format == TableFormat.table:
                print_rows(user_sql.user_rows(con, query))
                return
            df = user_sql.user_query(con, query)
    except WarehouseError as exc:
        fail(str(exc))
    print_frame(df, format)


@app.command()
def runs(db: Optional[Path] = DbOption, limit: int = typer.Option(20, help="How many recent runs."),
         format: TableFormat = typer.Option(TableFormat.table, "--format")) -> None:
    """List recent ingest runs with their counts and errors.

    Example: claimtrack runs --limit 5
    """
    try:
        with reading(_db(db)) as con:
            if format == TableFormat.table:
                print_rows(user_sql.run_rows(con, limit), title="Recent runs")
                return
            df = user_sql.runs(con, limit)
    except WarehouseError as exc:
        fail(str(exc))
    print_frame(df, format, title="Recent runs")


@app.command()
def serve(config: Optional[Path] = typer.Option(None, "--config", help="Settings file with [[sources]] tables "
                                                "(default: $CLAIMTRACK_CONFIG)."),
          db: Optional[Path] = DbOption) -> None:
    """Ingest each enabled source on its schedule (Prefect), until Ctrl-C or SIGTERM.

    Uses the Prefect server in PREFECT_API_URL, or starts one on 127.0.0.1 and stops it on exit.
    Example: claimtrack serve --config sources.toml
    """
    config = config or (Path(os.environ["CLAIMTRACK_CONFIG"]) if os.environ.get("CLAIMTRACK_CONFIG") else None)
    if config is None:
        fail("serve needs a settings file with [[sources]]: --config FILE (see config/sources.example.toml)", USAGE)
    _settings(config)
    _quiet_prefect()
    from .serve import ServeError, serve as run_serve

    def say(message: str) -> None:
        err.print(message, markup=False, highlight=False)

    try:
        run_serve(config, db, say)
    except configuration.ConfigError as exc:
        fail(str(exc), USAGE)
    except (ServeError, WarehouseError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        say("stopped")


def _report_frame(db: Optional[Path], status: Optional[str], since: Optional[str], contradiction_id=None):
    from warehouse import review

    try:
        with reading(_db(db)) as con:
            return review.report(con, status=status, since=since, contradiction_id=contradiction_id)
    except WarehouseError as exc:
        fail(str(exc))
    except Exception as exc:  # a bad --since date, for one
        fail(f"cannot build the report: {str(exc).splitlines()[0]}", USAGE)


@report_app.command("contradictions")
def report_contradictions(
    db: Optional[Path] = DbOption,
    format: ReportFormat = typer.Option(ReportFormat.md, "--format", help="md, html or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of the screen."),
    status: Optional[str] = typer.Option(None, "--status", help="Only this review status: open, confirmed, dismissed."),
    since: Optional[str] = typer.Option(None, "--since", help="Only contradictions detected on or after this date."),
) -> None:
    """The contradictions between outlets and speakers, with their evidence.

    Example: claimtrack report contradictions --format html --status open -o report.html
    """
    from warehouse.store import REVIEW_STATUSES

    from . import report

    if status and status not in REVIEW_STATUSES:
        fail(f"--status must be one of {', '.join(REVIEW_STATUSES)}", USAGE)
    df = _report_frame(db, status, since)
    text = {ReportFormat.md: report.contradictions_markdown, ReportFormat.html: report.contradictions_html,
            ReportFormat.csv: report.contradictions_csv}[format](df)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(df)} contradiction(s) to {output}", markup=False, highlight=False)
    elif format == ReportFormat.md and sys.stdout.isatty():
        from rich.markdown import Markdown

        out.print(Markdown(text))
    else:
        sys.stdout.write(text)


@review_app.command("list")
def review_list(db: Optional[Path] = DbOption,
                status: Optional[str] = typer.Option("open", "--status", help="open, confirmed, dismissed or all."),
                format: TableFormat = typer.Option(TableFormat.table, "--format")) -> None:
    """List contradictions awaiting review (or with another status).

    Example: claimtrack review list --status all
    """
    df = _report_frame(db, None if status == "all" else status, None)
    print_frame(df[["contradiction_id", "kind", "status", "score", "reason", "subject"]], format,
                title="Contradictions")


@review_app.command("show")
def review_show(contradiction_id: int = typer.Argument(..., help="The contradiction's id."),
                db: Optional[Path] = DbOption) -> None:
    """Show one contradiction with both claims and their sources.

    Example: claimtrack review show 3
    """
    from rich.markdown import Markdown

    from . import report

    df = _report_frame(db, None, None, contradiction_id)
    if df.empty:
        fail(f"no contradiction {contradiction_id}: see `claimtrack review list --status all`")
    out.print(Markdown(report.contradictions_markdown(df, title=f"Contradiction {contradiction_id}")))


def _decide(contradiction_id: int, status: str, note: Optional[str], db: Optional[Path]) -> None:
    from warehouse import review

    try:
        with writing(_db(db)) as con:
            found = review.decide(con, contradiction_id, status, note)
    except WarehouseError as exc:
        fail(str(exc))
    if not found:
        fail(f"no contradiction {contradiction_id}: see `claimtrack review list --status all`")
    out.print(f"contradiction {contradiction_id}: {status}", highlight=False)


@review_app.command("confirm")
def review_confirm(contradiction_id: int = typer.Argument(...), note: Optional[str] = typer.Option(None, "--note"),
                   db: Optional[Path] = DbOption) -> None:
    """Mark a contradiction as a real disagreement.

    Example: claimtrack review confirm 3 --note "checked against the transcript"
    """
    _decide(contradiction_id, "confirmed", note, db)


@review_app.command("dismiss")
def review_dismiss(contradiction_id: int = typer.Argument(...), note: Optional[str] = typer.Option(None, "--note"),
                   db: Optional[Path] = DbOption) -> None:
    """Mark a contradiction as not a real disagreement; later runs will not raise it again.

    Example: claimtrack review dismiss 4 --note "both figures are estimates"
    """
    _decide(contradiction_id, "dismissed", note, db)


@app.command()
def history(cluster_id: int = typer.Argument(..., help="A cluster id (see the claim_clusters view)."),
            db: Optional[Path] = DbOption, format: TableFormat = typer.Option(TableFormat.table, "--format")) -> None:
    """The timeline of one claim: every outlet that reported it, when and in which words.

    Example: claimtrack history 12
    """
    from warehouse import history as claim_history

    try:
        with reading(_db(db)) as con:
            df = claim_history.cluster_history(con, cluster_id)
    except WarehouseError as exc:
        fail(str(exc))
    if df.empty:
        fail(f"no cluster {cluster_id}: see `claimtrack sql \"select * from claim_clusters\"`")
    first = df.iloc[0]
    if format == TableFormat.table:
        who = first["canonical_speaker"] if isinstance(first["canonical_speaker"], str) else first["speaker"]
        out.print(f"Cluster {cluster_id}: {who} — {first['cluster_label']}\nfirst reported by {first['first_outlet']}"
                  f" ({first['first_seen']}), last seen {first['last_seen']}, {first['outlets']} outlet(s),"
                  f" {len(df)} mention(s)", highlight=False, markup=False)
        from claims.contradictions.reworded import figure_path

        moved = figure_path([f if isinstance(f, str) else None for f in df["figure"]])
        if moved:
            out.print(f"figure: {moved}", highlight=False, markup=False)
    if format == TableFormat.table:
        print_narrow(df, [("mention_no", "#"), ("published_at", "date"), ("source", "outlet"),
                          ("speaker", "speaker"), ("wording", "wording")], quote="wording")
    else:
        print_frame(df[["mention_no", "published_at", "source", "speaker", "side", "quote_type", "figure", "wording",
                        "url"]], format)


@app.command("claims")
def claims_cmd(speaker: str = typer.Option(..., "--speaker", help="A speaker's name or part of it."),
               db: Optional[Path] = DbOption, format: TableFormat = typer.Option(TableFormat.table, "--format")) -> None:
    """The claims of one speaker, oldest first.

    Example: claimtrack claims --speaker Varga
    """
    from warehouse import history as claim_history
    from warehouse import store

    from claims.speakers.identity import alias_key

    try:
        with reading(_db(db)) as con:
            df = claim_history.claims_of_speaker(con, speaker, alias_key(speaker))  # any alias: Zelensky finds Zelenskyy
            if df.empty:
                df = store.claims_of_speaker(con, speaker)
    except WarehouseError as exc:
        fail(str(exc))
    if format == TableFormat.table:
        who = "claimant" if "claimant" in df.columns else "speaker"
        names = sorted({str(n) for n in df[who].dropna()}) if who in df.columns else []
        columns = [("published_at", "date"), ("source", "outlet"), (who, "speaker"), ("side", "side"),
                   ("content", "claim"), ("proposition", "who did what"), ("cluster_id", "cluster")]
        if len(names) == 1:  # one speaker: named in the title, its column left out for the quote's room
            columns = [c for c in columns if c[0] not in (who, "side")]
        print_narrow(df, columns, quote="content",
                     title=f"Claims by {names[0] if len(names) == 1 else speaker}")
    else:
        print_frame(df, format, title=f"Claims by {speaker}")


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    claimreview = "claimreview"


@app.command()
def export(format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", help="parquet, csv or claimreview."),
           output: Path = typer.Option(Path("claimtrack-export"), "--output",
                                       help="Folder to write into (claimreview: or a .jsonld/.json file)."),
           db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption) -> None:
    """Write the public views (articles, claims, claim_clusters, claim_history, contradictions, speakers, runs)
    as one file each, for pandas or any DuckDB client; or, with --format claimreview, the confirmed
    contradictions as schema.org ClaimReview JSON-LD (claimreview.jsonld).

    Example: claimtrack export --format parquet --output out/
    """
    from warehouse import history as claim_history

    settings = _settings(config)
    try:
        with reading(_db(db, settings)) as con:
            if format == ExportFormat.claimreview:
                written = [_export_claimreview(con, output, settings)]
            else:
                written = claim_history.export(con, format.value, output)
    except (WarehouseError, OSError) as exc:
        fail(str(exc))
    for path in written:
        out.print(str(path), highlight=False, markup=False, soft_wrap=True)  # a path is never wrapped


def _export_claimreview(con, output: Path, settings: dict) -> Path:
    from warehouse import web_queries

    from . import claimreview

    df = web_queries.confirmed_for_export(con)
    doc = claimreview.document(df, settings["export"]["claimreview_author"], settings["export"]["claimreview_url"])
    path = output if output.suffix in (".jsonld", ".json") else output / "claimreview.jsonld"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    err.print(f"{len(doc['@graph'])} confirmed contradiction(s) as ClaimReview", markup=False, highlight=False)
    return path


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def web(db: Optional[Path] = DbOption,
        port: Optional[int] = typer.Option(None, "--port", help="Port to listen on (default: web.port; 0: any free one)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but 127.0.0.1 exposes "
                                 "the warehouse to other machines."),
        config: Optional[Path] = ConfigOption) -> None:
    """The review app in your browser: the queue, both reports side by side, claim timelines, claim search.

    Prints its URL; Ctrl-C stops it. Example: claimtrack web --db news.duckdb
    """
    settings = _settings(config)
    db_path = _db(db, settings)
    if not db_path.exists():
        fail(f"no database at {db_path}: run `claimtrack ingest` (or `claimtrack demo`) first or pass --db", USAGE)
    if host not in LOOPBACK_HOSTS:
        err.print(f"warning: listening on {host}: anyone who can reach this address can read the warehouse; "
                  "decisions still need the page's token", markup=False, highlight=False)
    from . import web as web_app

    def say(message: str) -> None:
        print(message, flush=True)  # one line, never wrapped: scripts read the URL from it

    try:
        web_app.serve(db_path, settings, host, settings["web"]["port"] if port is None else port, say)
    except WarehouseError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
    err.print("stopped", markup=False, highlight=False)


def demo_corpus() -> Path:
    return Path(str(resources.files("flows") / "demo_corpus" / "articles.jsonl"))


@app.command()
def demo(db: Path = typer.Option(Path("claimtrack-demo.duckdb"), "--db", help="Where to build the demo warehouse."),
         no_prefect: bool = typer.Option(False, "--no-prefect", help="Run without Prefect.")) -> None:
    """Ingest the bundled sample corpus (an invented event) and show clusters and contradictions.

    Example: claimtrack demo
    """
    from rich.markdown import Markdown

    from warehouse import review, store

    from . import pipeline, report

    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    settings = configuration.load(None)
    corpus = str(demo_corpus())
    out.print(f"Ingesting the sample corpus {corpus} into {db} …", highlight=False)
    if no_prefect:
        summary = pipeline.ingest([corpus], db, settings).__dict__
    else:
        _quiet_prefect()
        from . import ingest_flow

        summary = ingest_flow.ingest([corpus], str(db), None)
    out.print(f"{summary['articles_new']} articles, {summary['claims_new']} claims, "
              f"{summary['contradictions_new']} contradictions.\n", highlight=False)
    with reading(db) as con:
        clusters = store.clusters_overview(con, min_outlets=2)
        df = review.report(con)
    print_frame(clusters[["cluster_id", "outlets", "first_outlet", "label"]], TableFormat.table,
                title="Claims reported by more than one outlet")
    text = report.contradictions_markdown(df, title="Contradiction report")
    out.print(Markdown(text)) if sys.stdout.isatty() else sys.stdout.write(text)
    out.print(f"\nExplore it: claimtrack sql \"select * from claim_history\" --db {db}", highlight=False)
    out.print(f"Review it in your browser: claimtrack web --db {db}", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # the last guard: one line, not a traceback
        if os.environ.get("CLAIMTRACK_DEBUG"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        err.print(f"error: {type(exc).__name__}: {first} (set CLAIMTRACK_DEBUG=1 for details)", markup=False,
                  highlight=False)
        sys.exit(SOME_FAILED)


if __name__ == "__main__":
    main()
