"""Time and peak memory of `claimtrack ingest` on bad and oversized inputs.

Prints one line per input: exit status, wall seconds, peak resident memory (MB), and the
first message line. Inputs are invented here; nothing is downloaded.

    /work/venv/bin/python bench/bad_inputs.py [--keep DIR] [--big] [--slow]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))
SENTENCES = [
    "Mayor Ilse Varga said the north pier would reopen in May.",
    "“We will not raise the harbor tax,” Council member Tomas Brandt said.",
    "According to port director Anneli Sorensen, the repairs would cost 4 million crowns.",
    "Finance chief Oskar Lind denied that the audit had been hidden.",
    "The ferry operator said about 300 passengers were stranded on Tuesday.",
]


def article(chars: int) -> str:
    out, n, i = [], 0, 0
    while n < chars:
        s = SENTENCES[i % len(SENTENCES)] + (" " if i % 4 else "\n")
        out.append(s)
        n += len(s)
        i += 1
    return "".join(out)[:chars]


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (spaCy workers included), in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in tree) / 2**20


def measure(args: list[str]) -> tuple[int, float, float, str]:
    """Exit status, wall seconds, peak memory of the whole process tree (sampled every 0.2 s), stderr."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("CLAIMTRACK_DB", None)
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.2)

    import threading

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    err = proc.stderr.read().decode()
    proc.wait()
    watcher.join()
    return proc.returncode, time.monotonic() - start, peak[0], err


def main() -> None:
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    root = Path(keep or tempfile.mkdtemp(prefix="claimtrack-bad-"))
    root.mkdir(parents=True, exist_ok=True)
    big = "--big" in sys.argv  # also an article of 1,000,000 characters (minutes, GBs)
    inputs = {
        "small article (1 kB)": ("small.txt", article(1000)),
        "50,000-character single line": ("longline.txt", article(50000).replace("\n", " ")),
        "article of 200,000 chars": ("c200k.txt", article(200_000)),
        "20 MB .txt (over the limit)": ("big20.txt", article(20 * 1024 * 1024)),
        "20 MB JSON line (over the limit)": ("big20.jsonl", json.dumps({"outlet": "Big", "text": article(20 * 1024 * 1024)}) + "\n"),
    }
    if big:
        inputs["article of 1,000,000 chars (max_chars raised)"] = ("c1m.txt", article(999_000))
    if "--slow" in sys.argv:  # inputs the extractor once took quadratic time on (slow to run)
        inputs["24,000 chars of punctuation, no space"] = ("punct.txt", ".,;:!?" * 4000)
        inputs["'According to Varga, ' x 1000 (20,000 chars)"] = ("according.txt", "According to Varga, " * 1000)
    print(f"{'input':46} {'exit':>4} {'seconds':>8} {'peak MB':>8}  first message")
    for label, (name, text) in inputs.items():
        folder = root / name.replace(".", "_")
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        db = root / f"{folder.name}.duckdb"
        db.unlink(missing_ok=True)
        config = root / "limit.toml"
        config.write_text("[extract]\nmax_chars = 1000000\n")  # measure the big one even when the default is lower
        extra = ["--config", str(config)] if name == "c1m.txt" else []
        code, secs, mb, err = measure([CLAIMTRACK, "ingest", str(folder / name), "--db", str(db), "--no-prefect",
                                       *extra])
        first = err.strip().splitlines()[0][:110] if err.strip() else ""
        print(f"{label:46} {code:>4} {secs:>8.1f} {mb:>8.0f}  {first}", flush=True)


if __name__ == "__main__":
    main()
