"""The ``claimtrack`` command: a thin layer over flows.pipeline, warehouse and claims.

Exit status (``ExitCode``, listed in the README): 0 all good, 1 some items failed (each named on
stderr), 2 usage error (a wrong option, value or settings file), 3 not found (no such warehouse,
contradiction or cluster), 4 internal error (a bug: one line, the traceback with ``--debug``),
130/143 stopped by Ctrl-C/SIGTERM.

The root command owns the settings: ``--config`` (or $CLAIMTRACK_CONFIG) and ``--db`` (or
$CLAIMTRACK_DB) are resolved once into a ``Context`` every command receives (``--db``/``--config``
after a command's name still work and take precedence). Listing commands print through
flows.listing (one ``--format table|json|csv``).

Start-up is kept short (``claimtrack sql``, ``runs``, ``--help``): this module imports neither pandas,
spaCy nor Prefect; a command imports what it needs (the warehouse's pandas modules, the pipeline,
Prefect) inside its own body. Those function-level imports are deliberate.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import Enum, IntEnum
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from warehouse import DatabaseMissing, WarehouseError, reading, writing
from warehouse import user_sql

from . import settings as configuration
from .listing import Column, Format, emit, format_option, records
from .settings import ConfigError, Settings

out = Console()
err = Console(stderr=True, soft_wrap=True)


class ExitCode(IntEnum):
    """What ``claimtrack``'s exit status means (README: "Exit status")."""

    OK = 0
    SOME_FAILED = 1  # some items failed; each is named on stderr, the rest was done
    USAGE = 2  # a wrong command, option, value or settings file: nothing was done
    NOT_FOUND = 3  # the warehouse, contradiction or cluster asked for does not exist
    INTERNAL = 4  # a bug in claimtrack: one line (the traceback with --debug)


OK, SOME_FAILED, USAGE, NOT_FOUND, INTERNAL = (ExitCode.OK, ExitCode.SOME_FAILED, ExitCode.USAGE,
                                               ExitCode.NOT_FOUND, ExitCode.INTERNAL)

app = typer.Typer(
    help="Track attributed claims across news outlets: ingest articles, merge the same claim, flag contradictions.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False,
)
report_app = typer.Typer(help="Reports for people to read.", no_args_is_help=True)
review_app = typer.Typer(help="Review contradictions: list, show, confirm, dismiss.", no_args_is_help=True)
app.add_typer(report_app, name="report")
app.add_typer(review_app, name="review")

DB_HELP = "Warehouse file (default: $CLAIMTRACK_DB, else database.path of the settings: ./claimtrack.duckdb)."
CONFIG_HELP = "Settings file overriding config/defaults.toml (default: $CLAIMTRACK_CONFIG)."
DbOption = typer.Option(None, "--db", help=DB_HELP)
ConfigOption = typer.Option(None, "--config", help=CONFIG_HELP)
FormatOption = format_option()

_debug = bool(os.environ.get("CLAIMTRACK_DEBUG"))


@dataclass
class Context:
    """What the root command resolved, handed to every command: the settings (loaded once) and the
    warehouse path. A command's own --db/--config (given after its name) take precedence."""

    db_option: Optional[Path] = None
    config_option: Optional[Path] = None
    _settings: Optional[Settings] = None

    def with_options(self, db: Optional[Path] = None, config: Optional[Path] = None) -> "Context":
        if config is not None and config != self.config_option:
            self.config_option, self._settings = config, None
        if db is not None:
            self.db_option = db
        return self

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = configuration.load(self.config_option)
            except ConfigError as exc:
                fail(str(exc), USAGE)
            for note in self._settings.notes:
                err.print(f"note: {note}", markup=False, highlight=False)
        return self._settings

    @property
    def db(self) -> Path:
        """--db, else $CLAIMTRACK_DB, else the settings' database.path."""
        return self.settings.database_path(self.db_option)

    @property
    def wait(self) -> float:
        return self.settings.database.busy_wait_seconds


@app.callback()
def root(ctx: typer.Context,
         db: Optional[Path] = typer.Option(None, "--db", envvar="CLAIMTRACK_DB", help=DB_HELP.replace(
             "$CLAIMTRACK_DB, else ", "")),
         config: Optional[Path] = typer.Option(None, "--config", envvar="CLAIMTRACK_CONFIG", help=CONFIG_HELP.replace(
             " (default: $CLAIMTRACK_CONFIG)", "")),
         debug: bool = typer.Option(False, "--debug", envvar="CLAIMTRACK_DEBUG",
                                    help="On an internal error, show the traceback.")) -> None:
    """Track attributed claims across news outlets: ingest articles, merge the same claim, flag contradictions."""
    global _debug
    _debug = _debug or debug
    ctx.obj = Context(db, config)


def use(ctx: typer.Context, db: Optional[Path] = None, config: Optional[Path] = None) -> Context:
    """The root command's Context, with a command's own --db/--config applied."""
    if not isinstance(ctx.find_root().obj, Context):  # a command invoked without the root (a test)
        ctx.find_root().obj = Context(Path(os.environ["CLAIMTRACK_DB"]) if os.environ.get("CLAIMTRACK_DB") else None,
                                      Path(os.environ["CLAIMTRACK_CONFIG"]) if os.environ.get("CLAIMTRACK_CONFIG")
                                      else None)
    return ctx.find_root().obj.with_options(db, config)


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"
    table = "table"


class ReviewStatus(str, Enum):
    open = "open"
    confirmed = "confirmed"
    dismissed = "dismissed"
    all = "all"


class ExtractFormat(str, Enum):
    jsonl = "jsonl"


def fail(message: str, code: int = SOME_FAILED) -> None:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(int(code))


def failed(exc: WarehouseError) -> None:
    """A warehouse error as one line: "not found" for a missing file, else an item that failed."""
    fail(str(exc), NOT_FOUND if isinstance(exc, DatabaseMissing) else SOME_FAILED)


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
    ctx: typer.Context,
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
    c = use(ctx, db, config)
    settings, db_path = c.settings, c.db
    from . import lifecycle, pipeline

    address = dask if dask is not None else settings.scale.dask_address
    if address:
        if no_prefect:
            fail("--dask runs extraction through Prefect's Dask task runner: drop --no-prefect"
                 if dask else "[scale] dask_address is set: extraction runs through Prefect; drop --no-prefect", USAGE)
        try:
            import prefect_dask  # noqa: F401
        except ImportError:
            from .ingest_flow import DASK_MISSING

            fail(DASK_MISSING, USAGE)

    try:
        # SIGTERM unwinds like Ctrl-C: the batch in flight rolls back, the run is marked 'interrupted'
        with lifecycle.stopping_on_signals():
            # one ingest per database: wait for the ingest lock here (before Prefect starts), mark crashed runs
            interrupted = pipeline.recover(db_path, c.wait)
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
                                                          str(settings.path) if settings.path else None,
                                                          dask_address=address or None)
                        if not isinstance(summary_dict, dict):  # the flow found the file busy: its run is recorded
                            fail(f"the run did not start: database {db_path} is busy (see `claimtrack runs`)")
            finally:
                pipeline.release_ingest_lock(db_path)
    except WarehouseError as exc:
        failed(exc)
    except Exception as exc:  # a signal inside a DuckDB query comes out as its "Query interrupted" error
        if not lifecycle.is_stop(exc) or isinstance(exc, typer.Exit):
            raise
        err.print(f"stopped by {lifecycle.signal_name(exc)}: the run is marked 'interrupted'; what it stored is "
                  f"kept, the next ingest does the rest", markup=False, highlight=False)
        raise typer.Exit(lifecycle.exit_code(exc))
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
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Text files or folders of .txt files."),
    format: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", help="Output format: jsonl."),
    include_narration: bool = typer.Option(False, "--include-narration", help="Also list the outlet's own statements."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Print the attributed claims of text files, one JSON line per attribution (no database).

    Example: claimtrack extract article.txt folder/ --format jsonl > claims.jsonl
    """
    settings = use(ctx, None, config).settings
    docs, texts, failures = [], [], 0
    for f in _iter_text_files(paths):
        try:
            raw = f.read_bytes()
        except OSError as exc:
            err.print(f"error: {f}: cannot read: {exc.strerror or exc}", markup=False, highlight=False)
            failures += 1
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            err.print(f"note: {f}: not valid UTF-8 (byte {exc.start}): undecodable bytes replaced", markup=False)
            text = raw.decode("utf-8", errors="replace")
        if not text.strip():
            err.print(f"error: {f}: empty file: skipped", markup=False, highlight=False)
            failures += 1
            continue
        docs.append(f.stem)
        texts.append(text)
    from . import lifecycle, pipeline

    extractor = pipeline.extractor_for(settings, sum(t.count(" ") for t in texts), narration=include_narration)
    try:
        with lifecycle.stopping_on_signals():  # Ctrl-C/SIGTERM stop the spaCy workers too, then exit 130/143
            _print_extracted(docs, extractor.extract_many(texts))
    except KeyboardInterrupt as exc:
        err.print(f"stopped by {lifecycle.signal_name(exc)}", markup=False, highlight=False)
        raise typer.Exit(lifecycle.exit_code(exc))
    raise typer.Exit(SOME_FAILED if failures else OK)


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
    ctx: typer.Context,
    query: str = typer.Argument(..., help="A SQL query over the views: articles, claims, claim_clusters, ..."),
    db: Optional[Path] = DbOption,
    format: Format = FormatOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Run a read-only SQL query on the warehouse.

    Example: claimtrack sql "select speaker, count(*) from claims group by 1 order by 2 desc limit 10"
    """
    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            result = user_sql.user_rows(con, query)
    except WarehouseError as exc:
        failed(exc)
    emit(result.columns, [dict(zip(result.columns, row)) for row in result.rows], format)


#: `claimtrack runs` in a terminal: the counts under short headers, the first errors in the room left.
RUN_COLUMNS = [Column("run_id", "#", "int"), Column("started_at", "started", "time"),
               Column("took", "took", "label", max_width=8), Column("status", "status", max_width=11),
               Column("articles_read", "read", "int"), Column("articles_new", "new", "int"),
               Column("claims_new", "claims", "int"), Column("contradictions_new", "flags", "int"),
               Column("problems", "errors", "text", min_width=8, lines=2)]


@app.command()
def runs(ctx: typer.Context, db: Optional[Path] = DbOption,
         limit: int = typer.Option(20, help="How many recent runs.", min=1),
         format: Format = FormatOption, config: Optional[Path] = ConfigOption) -> None:
    """List recent ingest runs with their counts and errors.

    Example: claimtrack runs --limit 5
    """
    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            result = user_sql.run_rows(con, limit)
    except WarehouseError as exc:
        failed(exc)
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    if format == Format.table:
        from .listing import cell

        for r in rows:
            r["took"] = cell(r["finished_at"] - r["started_at"]) if r.get("finished_at") and r.get("started_at") else ""
            first = (r.get("error_list") or "").split("\n")
            r["problems"] = f"{r['errors']}: {first[0]}" if r.get("errors") else ""
    emit(result.columns, rows, format, RUN_COLUMNS, title="Recent runs")


@app.command()
def serve(ctx: typer.Context,
          config: Optional[Path] = typer.Option(None, "--config", help="Settings file with [[sources]] tables "
                                                "(default: $CLAIMTRACK_CONFIG)."),
          db: Optional[Path] = DbOption) -> None:
    """Ingest each enabled source on its schedule (Prefect), until Ctrl-C or SIGTERM.

    Uses the Prefect server in PREFECT_API_URL, or starts one on 127.0.0.1 and stops it on exit.
    Example: claimtrack serve --config sources.toml
    """
    c = use(ctx, db, config)
    settings = c.settings
    if settings.path is None:
        fail("serve needs a settings file with [[sources]]: --config FILE (see config/sources.example.toml)", USAGE)
    _quiet_prefect()
    from .serve import ServeError, serve as run_serve

    def say(message: str) -> None:
        err.print(message, markup=False, highlight=False)

    try:
        run_serve(settings.path, c.db_option, say)
    except ConfigError as exc:
        fail(str(exc), USAGE)
    except ServeError as exc:
        fail(str(exc))
    except WarehouseError as exc:
        failed(exc)
    except KeyboardInterrupt:
        say("stopped")


def _since(value: Optional[str]) -> Optional[str]:
    """A --since date, checked: a wrong one is a usage error (nothing else of the report is)."""
    if value is None:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        fail(f"--since wants a date like 2026-03-01, not {value!r}", USAGE)
    return value


def _report_frame(c: Context, status: Optional[str], since: Optional[str], contradiction_id=None,
                  queue: str = "default"):
    from warehouse import review

    try:
        with reading(c.db, wait=c.wait) as con:
            return review.report(con, status=status, since=_since(since), contradiction_id=contradiction_id,
                                 queue=queue)
    except WarehouseError as exc:
        failed(exc)


#: Contradictions in a terminal (`review list`, `report contradictions --format table`).
CONTRADICTION_COLUMNS = [Column("contradiction_id", "#", "int"), Column("kind", "kind", max_width=11),
                         Column("status", "status", max_width=9), Column("confidence", "conf", "num"),
                         Column("mentions", "ment", "int"),
                         Column("subject", "subject", "text", lines=1, min_width=10),
                         Column("reason", "why", "text", min_width=16)]


def _contradictions(df, format: Format, title: str) -> None:
    keys, rows = records(df)
    emit(keys, rows, format, CONTRADICTION_COLUMNS, title=title)


@report_app.command("contradictions")
def report_contradictions(
    ctx: typer.Context,
    db: Optional[Path] = DbOption,
    format: ReportFormat = typer.Option(ReportFormat.md, "--format", help="md, html or csv; table or json for a "
                                        "terminal or a script.", case_sensitive=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of the screen."),
    status: Optional[ReviewStatus] = typer.Option(None, "--status", help="Only this review status: open, confirmed, "
                                                  "dismissed."),
    since: Optional[str] = typer.Option(None, "--since", help="Only contradictions detected on or after this date."),
    possible: bool = typer.Option(False, "--possible", help="The possible contradictions, below the queue's bar."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """The contradictions between outlets and speakers, with their evidence.

    Example: claimtrack report contradictions --format html --status open -o report.html
    """
    from . import report

    c = use(ctx, db, config)
    df = _report_frame(c, None if status in (None, ReviewStatus.all) else status.value, since,
                       queue="possible" if possible else "default")
    if format in (ReportFormat.table, ReportFormat.json) and not output:
        return _contradictions(_grouped(df), Format(format.value),
                               "Possible contradictions" if possible else "Contradictions")
    if format == ReportFormat.json:
        import io

        from .listing import write_json

        buffer = io.StringIO()
        write_json(*records(df), stream=buffer)
        text = buffer.getvalue()
    elif format == ReportFormat.table:
        fail("--format table is for the terminal: write md, html, csv or json to a file", USAGE)
    else:
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
def review_list(ctx: typer.Context, db: Optional[Path] = DbOption,
                status: ReviewStatus = typer.Option(ReviewStatus.open, "--status",
                                                    help="open, confirmed, dismissed or all."),
                format: Format = FormatOption, config: Optional[Path] = ConfigOption,
                possible: bool = typer.Option(False, "--possible",
                                              help="The possible contradictions, below the queue's confidence bar.")
                ) -> None:
    """List contradictions awaiting review (or with another status): one row per disagreement.

    Example: claimtrack review list --status all; claimtrack review list --possible
    """
    df = _report_frame(use(ctx, db, config), None if status == ReviewStatus.all else status.value, None,
                       queue="possible" if possible else "default")
    title = "Possible contradictions" if possible else "Contradictions"
    _contradictions(_grouped(df)[["contradiction_id", "kind", "status", "confidence", "mentions", "reason",
                                  "subject"]], format,
                    title if status == ReviewStatus.all else f"{title} ({status.value})")


def _grouped(df):
    """A report frame with each disagreement's grouped line as its reason (one line per disagreement)."""
    return df.assign(reason=df["grouped"]) if "grouped" in df.columns else df


def _no_contradiction(contradiction_id: int) -> None:
    fail(f"no contradiction {contradiction_id}: see `claimtrack review list --status all`", NOT_FOUND)


@review_app.command("show")
def review_show(ctx: typer.Context, contradiction_id: int = typer.Argument(..., help="The contradiction's id."),
                db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption) -> None:
    """Show one contradiction with both claims and their sources.

    Example: claimtrack review show 3
    """
    from rich.markdown import Markdown

    from . import report

    df = _report_frame(use(ctx, db, config), None, None, contradiction_id)
    if df.empty:
        _no_contradiction(contradiction_id)
    out.print(Markdown(report.contradictions_markdown(df, title=f"Contradiction {contradiction_id}")))


def _decide(c: Context, contradiction_id: int, status: str, note: Optional[str]) -> None:
    from warehouse import review

    try:
        with writing(c.db, wait=c.wait) as con:
            found = review.decide(con, contradiction_id, status, note)
    except WarehouseError as exc:
        failed(exc)
    if not found:
        _no_contradiction(contradiction_id)
    out.print(f"contradiction {contradiction_id}: {status}", highlight=False)


@review_app.command("confirm")
def review_confirm(ctx: typer.Context, contradiction_id: int = typer.Argument(...),
                   note: Optional[str] = typer.Option(None, "--note"), db: Optional[Path] = DbOption,
                   config: Optional[Path] = ConfigOption) -> None:
    """Mark a contradiction as a real disagreement.

    Example: claimtrack review confirm 3 --note "checked against the transcript"
    """
    _decide(use(ctx, db, config), contradiction_id, "confirmed", note)


@review_app.command("dismiss")
def review_dismiss(ctx: typer.Context, contradiction_id: int = typer.Argument(...),
                   note: Optional[str] = typer.Option(None, "--note"), db: Optional[Path] = DbOption,
                   config: Optional[Path] = ConfigOption) -> None:
    """Mark a contradiction as not a real disagreement; later runs will not raise it again.

    Example: claimtrack review dismiss 4 --note "both figures are estimates"
    """
    _decide(use(ctx, db, config), contradiction_id, "dismissed", note)


#: `claimtrack history` in a terminal: the wording whole, wrapped at words.
HISTORY_COLUMNS = [Column("mention_no", "#", "int"), Column("published_at", "date", "date"),
                   Column("source", "outlet", max_width=18), Column("speaker", "speaker", max_width=18),
                   Column("wording", "wording", "text", lines=None, min_width=20)]


#: Stories in a terminal (`claimtrack stories`).
STORY_COLUMNS = [Column("story_id", "#", "int"), Column("label", "story", "text", lines=2, min_width=16),
                 Column("first_seen", "first", "date"), Column("last_seen", "last", "date"),
                 Column("articles", "arts", "int"), Column("outlets", "outlets", "int"), Column("claims", "claims", "int"),
                 Column("contradictions", "contra", "int")]


@app.command()
def stories(ctx: typer.Context, limit: int = typer.Option(50, "--limit", help="How many stories, latest first."),
            db: Optional[Path] = DbOption, format: Format = FormatOption,
            config: Optional[Path] = ConfigOption) -> None:
    """The stories: articles about one news event, grouped as they were ingested (latest first).
    Claims are clustered and compared only inside their story.

    Example: claimtrack stories --limit 20
    """
    from warehouse import stories as story_reads

    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            df = story_reads.list_stories(con, limit)
    except WarehouseError as exc:
        failed(exc)
    keys, rows = records(df)
    emit(keys, rows, format, STORY_COLUMNS, title="Stories (latest first)")


@app.command()
def history(ctx: typer.Context, cluster_id: int = typer.Argument(..., help="A cluster id (see the claim_clusters view)."),
            db: Optional[Path] = DbOption, format: Format = FormatOption,
            config: Optional[Path] = ConfigOption) -> None:
    """The timeline of one claim: every outlet that reported it, when and in which words.

    Example: claimtrack history 12
    """
    from warehouse import history as claim_history

    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            df = claim_history.cluster_history(con, cluster_id)
    except WarehouseError as exc:
        failed(exc)
    if df.empty:
        fail(f"no cluster {cluster_id}: see `claimtrack sql \"select * from claim_clusters\"`", NOT_FOUND)
    first = df.iloc[0]
    title = None
    if format == Format.table:
        from claims.contradictions.reworded import figure_path
        from .listing import cell

        who = first["canonical_speaker"] if isinstance(first["canonical_speaker"], str) else first["speaker"]
        title = (f"Cluster {cluster_id}: {who} — {first['cluster_label']}\nfirst reported by {first['first_outlet']}"
                 f" ({cell(first['first_seen'], 'date')}), last seen {cell(first['last_seen'], 'date')}, "
                 f"{first['outlets']} outlet(s), {len(df)} mention(s)")
        moved = figure_path([f if isinstance(f, str) else None for f in df["figure"]])
        if moved:
            title += f"\nfigure: {moved}"
        for line in _figure_lines(c, cluster_id):
            title += "\n" + line
    keys, rows = records(df[["mention_no", "published_at", "source", "speaker", "side", "quote_type", "figure",
                             "wording", "url"]])
    emit(keys, rows, format, HISTORY_COLUMNS, title=title)


def _figure_lines(c, cluster_id: int) -> list[str]:
    """"figures: people killed — 144 (Harbor Ledger, 2026-05-01) → at least 150 (Civic Wire, ...)" per measure."""
    from warehouse import figures as wf

    try:
        with reading(c.db, wait=c.wait) as con:
            df = wf.cluster_figures(con, cluster_id)
    except WarehouseError:
        return []
    lines = []
    for measure, rows in df.groupby("measure", sort=False):
        told = []
        for r in rows.itertuples():
            day = str(r.published_at)[:10] if str(r.published_at) not in ("NaT", "None", "nan") else ""
            told.append(f"{r.text} ({r.outlet}{', ' + day if day else ''})")
        lines.append(f"figures: {measure} — " + " → ".join(told))
    return lines


FIGURE_COLUMNS = [Column("published_at", "date", "date"), Column("measure", "measure", "label", max_width=28),
                  Column("text", "value", "label", max_width=22), Column("outlet", "outlet", "label", max_width=18),
                  Column("claimant", "claimant", "label", max_width=18)]


@app.command()
def figures(ctx: typer.Context,
            story: Optional[int] = typer.Option(None, "--story", help="Only this story's figures."),
            measure: Optional[str] = typer.Option(None, "--measure", help="Only measures whose label holds TEXT."),
            limit: int = typer.Option(500, "--limit", help="Most figures shown.", min=1),
            db: Optional[Path] = DbOption, format: Format = FormatOption,
            config: Optional[Path] = ConfigOption) -> None:
    """Every figure the news reported, by what it measures: each value with the outlet, claimant and date,
    then the disagreements (values of one measure that cannot all hold).

    Example: claimtrack figures --measure killed
    """
    from warehouse import figures as wf

    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            df = wf.figures_table(con, measure, story, limit)
            disagreements = wf.disagreement_rows(con)
    except WarehouseError as exc:
        failed(exc)
    if df.empty:
        fail("no figures" + (f" whose measure holds {measure!r}" if measure else "") +
             ": figures are read at ingest (claimtrack ingest)", NOT_FOUND)
    shown = set(df["figure_id"])
    groups: dict = {}
    for did, label, side, outlet, text, fid in disagreements:
        groups.setdefault((did, label), {}).setdefault(side, []).append((outlet, text, fid))
    lines = []
    for (did, label), sides in groups.items():
        if not any(fid in shown for mentions in sides.values() for _, _, fid in mentions):
            continue
        told = " · ".join(f"{side} — " + ", ".join(sorted({o for o, _, _ in mentions})) for side, mentions in sides.items())
        lines.append(f"disagreement {did}: {label}: {told}")
    keys, rows = records(df)
    emit(keys, rows, format, FIGURE_COLUMNS, title="Figures" if format == Format.table else None)
    if lines and format == Format.table:
        out.print("\n".join(lines), highlight=False, markup=False)


@app.command("claims")
def claims_cmd(ctx: typer.Context, speaker: str = typer.Option(..., "--speaker", help="A speaker's name or part of it."),
               db: Optional[Path] = DbOption, format: Format = FormatOption,
               config: Optional[Path] = ConfigOption) -> None:
    """The claims of one speaker, oldest first.

    Example: claimtrack claims --speaker Varga
    """
    from warehouse import history as claim_history
    from warehouse import store

    from claims.speakers.identity import alias_key

    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            df = claim_history.claims_of_speaker(con, speaker, alias_key(speaker))  # any alias: Zelensky finds Zelenskyy
            if df.empty:
                df = store.claims_of_speaker(con, speaker)
    except WarehouseError as exc:
        failed(exc)
    keys, rows = records(df)
    who = "claimant" if "claimant" in df.columns else "speaker"
    names = sorted({str(n) for n in df[who].dropna()}) if who in df.columns else []
    columns = [Column("published_at", "date", "date"), Column("source", "outlet", max_width=18),
               Column(who, "speaker", max_width=18), Column("side", "side", max_width=10),
               Column("content", "claim", "text", lines=None, min_width=20),
               Column("proposition", "proposition", "text", max_width=28), Column("cluster_id", "cluster", "int")]
    if len(names) == 1:  # one speaker: named in the title, its column left out for the quote's room
        columns = [col for col in columns if col.key not in (who, "side")]
    columns = [col for col in columns if col.key in keys]
    emit(keys, rows, format, columns, title=f"Claims by {names[0] if len(names) == 1 else speaker}")


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    claimreview = "claimreview"


@app.command()
def export(ctx: typer.Context,
           format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", help="parquet, csv or claimreview."),
           output: Path = typer.Option(Path("claimtrack-export"), "--output",
                                       help="Folder to write into (claimreview: or a .jsonld/.json file)."),
           db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption) -> None:
    """Write the public views (articles, claims, claim_clusters, claim_history, contradictions, speakers, runs)
    as one file each, for pandas or any DuckDB client; or, with --format claimreview, the confirmed
    contradictions as schema.org ClaimReview JSON-LD (claimreview.jsonld).

    Example: claimtrack export --format parquet --output out/
    """
    from warehouse import history as claim_history

    c = use(ctx, db, config)
    try:
        with reading(c.db, wait=c.wait) as con:
            if format == ExportFormat.claimreview:
                written = [_export_claimreview(con, output, c.settings)]
            else:
                written = claim_history.export(con, format.value, output)
    except WarehouseError as exc:
        failed(exc)
    except OSError as exc:
        fail(str(exc))
    for path in written:
        out.print(str(path), highlight=False, markup=False, soft_wrap=True)  # a path is never wrapped


def _export_claimreview(con, output: Path, settings: Settings) -> Path:
    from warehouse import web_queries

    from . import claimreview

    df = web_queries.confirmed_for_export(con)
    doc = claimreview.document(df, settings.export.claimreview_author, settings.export.claimreview_url)
    path = output if output.suffix in (".jsonld", ".json") else output / "claimreview.jsonld"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    err.print(f"{len(doc['@graph'])} confirmed contradiction(s) as ClaimReview", markup=False, highlight=False)
    return path


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def web(ctx: typer.Context, db: Optional[Path] = DbOption,
        port: Optional[int] = typer.Option(None, "--port", help="Port to listen on (default: web.port; 0: any free one)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but 127.0.0.1 exposes "
                                 "the warehouse to other machines."),
        config: Optional[Path] = ConfigOption) -> None:
    """The review app in your browser: the queue, both reports side by side, claim timelines, claim search.

    Prints its URL; Ctrl-C stops it. Example: claimtrack web --db news.duckdb
    """
    c = use(ctx, db, config)
    settings, db_path = c.settings, c.db
    if not db_path.exists():
        fail(f"no database at {db_path}: run `claimtrack ingest` (or `claimtrack demo`) first or pass --db", NOT_FOUND)
    if host not in LOOPBACK_HOSTS:
        err.print(f"warning: listening on {host}: anyone who can reach this address can read the warehouse; "
                  "decisions still need the page's token", markup=False, highlight=False)
    from . import web as web_app

    def say(message: str) -> None:
        print(message, flush=True)  # one line, never wrapped: scripts read the URL from it

    try:
        web_app.serve(db_path, settings, host, settings.web.port if port is None else port, say)
    except WarehouseError as exc:
        failed(exc)
    except KeyboardInterrupt:
        pass
    err.print("stopped", markup=False, highlight=False)


def demo_corpus() -> Path:
    return Path(str(resources.files("flows") / "demo_corpus" / "articles.jsonl"))


def made_by_demo(db: Path) -> bool:
    """Whether ``db`` is a warehouse of the demo corpus alone (every run read only the bundled corpus), which
    `claimtrack demo` may replace; any other file is the user's."""
    try:
        with reading(db, wait=1.0) as con:
            found = user_sql.run_sources(con)
    except WarehouseError:
        return False
    suffix = str(Path("demo_corpus") / "articles.jsonl")
    return bool(found) and all(s.strip().endswith(suffix) and "\n" not in s.strip() for s in found)


@app.command()
def demo(db: Path = typer.Option(Path("claimtrack-demo.duckdb"), "--db", help="Where to build the demo warehouse "
                                 "(a new file, or one an earlier demo made: it is replaced)."),
         no_prefect: bool = typer.Option(False, "--no-prefect", help="Run without Prefect.")) -> None:
    """Ingest the bundled sample corpus (an invented event) and show clusters and contradictions.

    Example: claimtrack demo
    """
    if (db.exists() or Path(str(db) + ".wal").exists()) and not made_by_demo(db):
        fail(f"{db} exists and is not a demo warehouse: left as it is; pass --db with a new file name", USAGE)
    from rich.markdown import Markdown

    from warehouse import review, store

    from . import pipeline, report

    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    settings = configuration.load(None)  # the shipped defaults: the demo shows what claimtrack does out of the box
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
    keys, rows = records(clusters[["cluster_id", "outlets", "first_outlet", "label"]])
    emit(keys, rows, Format.table, [Column("cluster_id", "#", "int"), Column("outlets", "outlets", "int"),
                                    Column("first_outlet", "first", max_width=18),
                                    Column("label", "claim", "text", min_width=20)],
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
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(USAGE)
    except WarehouseError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(NOT_FOUND if isinstance(exc, DatabaseMissing) else SOME_FAILED)
    except Exception as exc:  # the last guard: a bug; one line, not a traceback
        if _debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        err.print(f"internal error: {type(exc).__name__}: {first} (run with --debug for the traceback)", markup=False,
                  highlight=False)
        sys.exit(INTERNAL)


if __name__ == "__main__":
    main()
