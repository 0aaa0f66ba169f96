#!/usr/bin/env python3
"""Words per second of Extractor.extract_many against a bare spaCy parse.

Usage: python bench/extract_speed.py [TEXT_DIR] [--docs N] [--n-process 2]

TEXT_DIR defaults to ../shared/data/polnear/train/text. Prints words/s of
  bare   nlp.pipe with every component of the model, n_process=2
  ours   Extractor(ExtractSettings(n_process=2)).extract_many (parse + rules + resolution)
and ours/bare (target: >= 1), best of --repeat alternating runs of each. Also the peak
resident memory of this process and of its largest worker.
"""
from __future__ import annotations

import argparse
import glob
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "train" / "text"
    ap = argparse.ArgumentParser()
    ap.add_argument("text_dir", nargs="?", default=str(default))
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs of each; the best counts")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.text_dir, "*.txt")))[: args.docs]
    if not files:
        print(f"no .txt files in {args.text_dir}", file=sys.stderr)
        return 1
    texts = [open(f, encoding="utf-8").read() for f in files]
    words = sum(len(t.split()) for t in texts)

    import spacy

    from claims.extraction.extractor import Extractor, ExtractSettings
    from claims.nlp import MODEL

    bare_nlp = spacy.load(MODEL)
    bare_nlp("warm up")
    ex = Extractor(ExtractSettings(n_process=args.n_process, batch_size=args.batch_size))
    ex.extract("warm up: Ada said that it rains.")

    def run_bare() -> float:
        t0 = time.perf_counter()
        for _ in bare_nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
            pass
        return words / (time.perf_counter() - t0)

    def run_ours() -> tuple[float, int]:
        t0 = time.perf_counter()
        results = ex.extract_many(texts)
        return words / (time.perf_counter() - t0), sum(len(r.attributions) for r in results)

    # alternate the two and keep each one's best run: other load on the machine hits both alike
    bare_runs, our_runs = [], []
    n_att = 0
    for _ in range(args.repeat):
        bare_runs.append(run_bare())
        speed, n_att = run_ours()
        our_runs.append(speed)
    bare, ours = max(bare_runs), max(our_runs)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cli_extract, cli_ingest = _commands(files, words)
    print(f"docs {len(texts)}  words {words}  attributions {n_att}")
    print(f"bare nlp.pipe (all components, n_process={args.n_process}): {bare:,.0f} words/s")
    print(f"Extractor.extract_many (n_process={args.n_process}):          {ours:,.0f} words/s")
    print(f"ratio ours/bare: {ours / bare:.2f}   (runs: bare {[round(b) for b in bare_runs]}, ours {[round(o) for o in our_runs]})")
    print(f"peak RSS: main {peak_mb:,.0f} MB, largest child {kids_mb:,.0f} MB")
    print(f"claimtrack extract --format jsonl (whole command): {cli_extract:,.0f} words/s, ratio to bare {cli_extract / bare:.2f}")
    print(f"claimtrack ingest --no-prefect into a new warehouse: {cli_ingest:,.0f} words/s, "
          f"bare/ingest time ratio {bare / cli_ingest:.2f} (target <= 1.25)")
    return 0


def _commands(files: list[str], words: int) -> tuple[float, float]:
    """Words/s of the real `claimtrack extract` and `claimtrack ingest` commands over the same files."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        for f in files:
            os.symlink(f, folder / os.path.basename(f))
        cli = [sys.executable, "-m", "flows.cli"]
        t0 = time.perf_counter()
        subprocess.run(cli + ["extract", str(folder), "--format", "jsonl"], check=True, stdout=subprocess.DEVNULL)
        extract_speed = words / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run(cli + ["ingest", str(folder), "--db", str(Path(tmp) / "bench.duckdb"), "--no-prefect"],
                       check=True, stdout=subprocess.DEVNULL)
        ingest_speed = words / (time.perf_counter() - t0)
    return extract_speed, ingest_speed


if __name__ == "__main__":
    sys.exit(main())
