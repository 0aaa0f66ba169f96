#!/usr/bin/env python3
"""The whole `claimtrack ingest` command (Prefect flow) against a bare spaCy parse of the same texts.

Usage: python bench/ingest_speed.py [TEXT_DIR] [--docs N] [--n-process 2] [--no-prefect]

TEXT_DIR defaults to ../shared/data/polnear/train/text (every file). In one run, one after the other:
  bare    spacy.load(model) with every component, then timed: nlp.pipe(texts, n_process=2), nothing kept
  ingest  `claimtrack ingest TEXT_DIR --db NEW_FILE` as a user runs it: Prefect start (a warmed
          PREFECT_HOME), read, extract in 2 worker processes, store, cluster, contradictions
  extract Extractor(ExtractSettings(n_process=2)).extract_many(texts): the 2-process extraction alone
Prints words/s of each and ingest/bare (wall time; target <= 1.00), and the same ratio in CPU
seconds (this process and its children: less sensitive to other load on a shared machine). The
last line is machine-readable: words=… bare_s=… ingest_s=… ratio=… cpu_ratio=… extract_words_per_s=… load=…
The machine may be shared: run it nice'd and read `load` (1-minute load average at the start and end).
"""
from __future__ import annotations

import argparse
import glob
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _cpu() -> float:
    """CPU seconds of this process and of its finished (waited-for) children, grandchildren included."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _bare(texts: list[str], n_process: int, batch_size: int) -> tuple[float, float]:
    import spacy

    from claims.nlp import MODEL

    nlp = spacy.load(MODEL)
    nlp("warm up")
    t0, c0 = time.perf_counter(), _cpu()  # the parse only: loading the model is not counted against bare
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0, _cpu() - c0


def _ingest(folder: Path, tmp: Path, prefect: bool) -> tuple[float, str]:
    env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    cli = [sys.executable, "-m", "flows.cli", "ingest"]
    extra = [] if prefect else ["--no-prefect"]
    # warm the Prefect home (its database is created on first use), as a user's second run finds it
    warm = tmp / "warm"
    warm.mkdir()
    (warm / "w.txt").write_text("Mayor Ines Varga said the bridge would reopen in May.\n", encoding="utf-8")
    subprocess.run(cli + [str(warm), "--db", str(tmp / "warm.duckdb"), *extra], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    t0, c0 = time.perf_counter(), _cpu()
    done = subprocess.run(cli + [str(folder), "--db", str(tmp / "bench.duckdb"), *extra], env=env,
                          capture_output=True, text=True, cwd=REPO)
    took, cpu = time.perf_counter() - t0, _cpu() - c0
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return took, cpu, " ".join(done.stdout.split())


def _extract(texts: list[str], n_process: int) -> tuple[float, int]:
    from claims.extraction.extractor import Extractor, ExtractSettings

    t0 = time.perf_counter()
    found = Extractor(ExtractSettings(n_process=n_process, include_narration=True)).extract_many(texts)
    return time.perf_counter() - t0, sum(len(f.claims) for f in found)


def main() -> int:
    default = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
    ap = argparse.ArgumentParser()
    ap.add_argument("text_dir", nargs="?", default=str(default))
    ap.add_argument("--docs", type=int, default=0, help="first N files only (0: all)")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--no-prefect", action="store_true", help="time `ingest --no-prefect` instead")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.text_dir, "*.txt")))
    files = files[: args.docs] if args.docs else files
    if not files:
        print(f"no .txt files in {args.text_dir}", file=sys.stderr)
        return 1
    texts = [open(f, encoding="utf-8").read() for f in files]
    words = sum(len(t.split()) for t in texts)
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "texts"
        folder.mkdir()
        for f in files:
            os.symlink(f, folder / os.path.basename(f))
        bare_s, bare_cpu = _bare(texts, args.n_process, args.batch_size)
        print(f"bare: {bare_s:.1f} s ({bare_cpu:.0f} CPU s)", flush=True)
        ingest_s, ingest_cpu, said = _ingest(folder, tmp, not args.no_prefect)
        print(f"ingest: {ingest_s:.1f} s ({ingest_cpu:.0f} CPU s)", flush=True)
    extract_s, n_claims = _extract(texts, args.n_process)
    load1 = os.getloadavg()[0]
    ratio = ingest_s / bare_s
    print(f"docs {len(texts)}  words {words}")
    print(f"bare nlp.pipe (every component, n_process={args.n_process}): {bare_s:.1f} s, {words / bare_s:,.0f} words/s")
    print(f"claimtrack ingest{' --no-prefect' if args.no_prefect else ''} (whole command): "
          f"{ingest_s:.1f} s, {words / ingest_s:,.0f} words/s   [{said}]")
    print(f"extraction alone (Extractor, {args.n_process} worker processes): {extract_s:.1f} s, "
          f"{words / extract_s:,.0f} words/s, {n_claims} claims")
    cpu_ratio = ingest_cpu / bare_cpu
    print(f"ingest/bare time ratio {ratio:.2f} (target <= 1.00); CPU seconds {ingest_cpu:.0f} / {bare_cpu:.0f} = "
          f"{cpu_ratio:.2f}; load average {load0:.1f} at start, {load1:.1f} at end")
    print(f"words={words} bare_s={bare_s:.1f} ingest_s={ingest_s:.1f} ratio={ratio:.2f} cpu_ratio={cpu_ratio:.2f} "
          f"extract_words_per_s={words / extract_s:.0f} prefect={int(not args.no_prefect)} load={load0:.1f}/{load1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
