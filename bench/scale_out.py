#!/usr/bin/env python3
"""Articles per second of `claimtrack ingest`: extraction on this machine, then on 1 and 2 Dask workers.

Usage: python bench/scale_out.py [TEXT_DIR] [--docs N] [--workers 1,2]

TEXT_DIR defaults to ../shared/data/polnear/train/text (--docs N: the first N files). Each
configuration runs the whole command once into a new warehouse, with a warmed PREFECT_HOME:
  local   `claimtrack ingest TEXT_DIR`             extraction in 2 local worker processes
  dask-N  `claimtrack ingest TEXT_DIR --dask ADDR` a distributed.LocalCluster of N worker
          processes (1 thread each) on 127.0.0.1, started before the timer and new for each N
          (cold workers: each loads the spaCy model inside the timed run, as the local pool does)
Storing and linking run in the command's process in every configuration. The warehouses
must hold the same number of claims (checked). Needs claimtrack[dask]. The last line is
machine-readable: articles=… local_aps=… dask1_aps=… dask2_aps=… load=…
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _run(folder: Path, db: Path, env: dict, address: str | None) -> float:
    cmd = [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db)]
    if address:
        cmd += ["--dask", address]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO)
    took = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def _claims(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from claims").fetchone()[0]


def main() -> int:
    default = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
    ap = argparse.ArgumentParser()
    ap.add_argument("text_dir", nargs="?", default=str(default))
    ap.add_argument("--docs", type=int, default=0, help="first N files only (0: all)")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to time")
    args = ap.parse_args()
    try:
        import distributed
        import prefect_dask  # noqa: F401
    except ImportError:
        print("needs the Dask extra: pip install 'claimtrack[dask]'", file=sys.stderr)
        return 1
    files = sorted(glob.glob(os.path.join(args.text_dir, "*.txt")))
    files = files[: args.docs] if args.docs else files
    if not files:
        print(f"no .txt files in {args.text_dir}", file=sys.stderr)
        return 1
    words = sum(len(open(f, encoding="utf-8").read().split()) for f in files)
    load0 = os.getloadavg()[0]
    results: dict[str, float] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "DO_NOT_TRACK": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
        folder, warm = tmp / "texts", tmp / "warm"
        folder.mkdir()
        warm.mkdir()
        for f in files:
            os.symlink(f, folder / os.path.basename(f))
        (warm / "w.txt").write_text("Mayor Ines Varga said the bridge would reopen in May.\n", encoding="utf-8")
        _run(warm, tmp / "warm.duckdb", env, None)  # Prefect's database is created on first use
        results["local"] = _run(folder, tmp / "local.duckdb", env, None)
        counts["local"] = _claims(tmp / "local.duckdb")
        for n in [int(x) for x in args.workers.split(",") if x.strip()]:
            with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None) as cluster:
                key = f"dask{n}"
                results[key] = _run(folder, tmp / f"{key}.duckdb", env, cluster.scheduler_address)
                counts[key] = _claims(tmp / f"{key}.duckdb")
    load1 = os.getloadavg()[0]
    print(f"articles {len(files)}  words {words}  (2 cores; load average {load0:.1f} at start, {load1:.1f} at end)")
    for key, took in results.items():
        label = "local (2 worker processes)" if key == "local" else f"Dask, {key[4:]} worker(s) on 127.0.0.1"
        print(f"{label:32s} {took:7.1f} s  {len(files) / took:6.2f} articles/s  {words / took:8,.0f} words/s  "
              f"{counts[key]} claims")
    if len(set(counts.values())) != 1:
        print(f"claim counts differ: {counts}", file=sys.stderr)
        return 1
    print(f"articles={len(files)} " + " ".join(f"{k}_aps={len(files) / v:.2f}" for k, v in results.items())
          + f" load={load0:.1f}/{load1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
