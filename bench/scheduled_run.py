#!/usr/bin/env python3
"""A scheduled run: `claimtrack ingest` of the next N articles into a warehouse that holds earlier ones.

Usage: python bench/scheduled_run.py [TEXT_DIR] [--seed 400] [--docs 200] [--runs new=.,main=../main]
       [--config LABEL=FILE]

TEXT_DIR defaults to ../shared/data/polnear/train/text. The first --seed files are ingested once
(not timed, --no-prefect) into a warehouse; each configuration then ingests the next --docs files
into its own copy of it, as a scheduled run does: the whole command with Prefect (a warmed
PREFECT_HOME), in this order, one after the other. ``--runs LABEL=REPO``: the checkout whose code
runs (so the code before a change can be timed beside the code after it); ``--config LABEL=FILE``:
a settings file for that label (e.g. ``scale.link_batch_articles``).

Printed per configuration: wall seconds of the command, CPU seconds (it and its children), and
**seconds from the start to the last stored contradiction** (the newest detected_at / added_at of
the run's contradictions, mentions and figure disagreements). The warehouses must hold the same
claims. Last line machine-readable: ``<label>_s=… <label>_to_last=… <label>_cpu=… load=…``.
The machine may be shared: run it nice'd and read the load average.
"""
from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _env(tmp: Path, repo: Path) -> dict:
    return {**os.environ, "PREFECT_HOME": str(tmp / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
            "PYTHONPATH": str(repo)}


def _ingest(repo: Path, folder: Path, db: Path, env: dict, extra: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db), *extra],
                          env=env, capture_output=True, text=True, cwd=repo)
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return done


def _last_stored(db: Path) -> tuple[float, int]:
    """Epoch seconds of the newest contradiction, mention or figure disagreement of the latest run (of its
    end when it raised none); the claims stored."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        run = con.execute("select max(run_id) from run_log").fetchone()[0]
        times = []
        for sql in ("select max(epoch(detected_at)) from contradiction_store where run_id = ?",
                    "select max(epoch(added_at)) from contradiction_mention where run_id = ?",
                    "select max(epoch(detected_at)) from figure_disagreement where run_id = ?"):
            try:
                value = con.execute(sql, [run]).fetchone()[0]
            except duckdb.Error:
                value = None  # an older warehouse without that table
            if value is not None:
                times.append(float(value))
        if not times:  # nothing raised: the run's end
            times.append(float(con.execute("select epoch(finished_at) from run_log where run_id = ?", [run]).fetchone()[0]))
        claims = con.execute("select count(*) from claim_store").fetchone()[0]
        return max(times), claims
    finally:
        con.close()


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        label, _, value = item.partition("=")
        out[label] = value
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("text_dir", nargs="?", default=str(REPO.parent / "shared" / "data" / "polnear" / "train" / "text"))
    ap.add_argument("--seed", type=int, default=400, help="articles stored before the timed run")
    ap.add_argument("--docs", type=int, default=200, help="articles of the timed run")
    ap.add_argument("--runs", default="new=.", help="LABEL=REPO,... the code each configuration runs")
    ap.add_argument("--config", action="append", default=[], help="LABEL=FILE: settings for that label")
    args = ap.parse_args()
    runs = {label: (REPO / path).resolve() for label, path in _pairs(args.runs.split(",")).items()}
    configs = _pairs(args.config)
    files = sorted(glob.glob(os.path.join(args.text_dir, "*.txt")))
    seed, timed = files[: args.seed], files[args.seed : args.seed + args.docs]
    load0 = os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, chosen in (("seed", seed), ("timed", timed)):
            (tmp / name).mkdir()
            for f in chosen:
                os.symlink(f, tmp / name / os.path.basename(f))
        for label, repo in runs.items():
            env = _env(tmp, repo)
            base = tmp / f"seed-{label}.duckdb"  # each checkout seeds its own (the schemas may differ)
            _ingest(repo, tmp / "seed", base, env, ["--no-prefect"])
            warm = tmp / "warm"  # warms PREFECT_HOME (its database is made on first use), as a schedule finds it
            warm.mkdir(exist_ok=True)
            (warm / "w.txt").write_text("Mayor Ines Varga said the bridge would reopen in May.\n", encoding="utf-8")
            _ingest(repo, warm, tmp / f"warm-{label}.duckdb", env, [])
            db = tmp / f"{label}.duckdb"
            shutil.copy(base, db)
            extra = ["--config", configs[label]] if label in configs else []
            start, t0, c0 = time.time(), time.perf_counter(), _cpu()
            done = _ingest(repo, tmp / "timed", db, env, extra)
            took, cpu = time.perf_counter() - t0, _cpu() - c0
            last, claims = _last_stored(db)
            results[label] = (took, cpu, last - start, claims)
            print(f"{label:6s} {took:6.1f} s  CPU {cpu:6.1f} s  to the last contradiction {last - start:6.1f} s  "
                  f"claims {claims}  [{' '.join(done.stdout.split())[:160]}]", flush=True)
    load1 = os.getloadavg()[0]
    counts = {r[3] for r in results.values()}
    if len(counts) > 1:
        print(f"warning: the warehouses hold different numbers of claims: {counts}")
    print(" ".join(f"{k}_s={v[0]:.1f} {k}_to_last={v[2]:.1f} {k}_cpu={v[1]:.1f}" for k, v in results.items())
          + f" seed={len(seed)} docs={len(timed)} load={load0:.1f}/{load1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
