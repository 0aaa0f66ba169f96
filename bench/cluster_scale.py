"""Clustering at scale: 1M synthetic claims, a 10k batch against that history, a history query.

Synthetic data: ``--speakers`` speakers with Zipf frequencies; statements of 6-12
content words drawn from a Zipf vocabulary (60k words, ranks 100 on), half of them with a number (a count,
dollars, a percentage or minutes); each claim is a mention of a statement, as
a paraphrase variant (words dropped, added, reordered) and now and then with a
different number (a contradiction: it must open its own cluster).
Grouped in stories as news is: ``--story-statements`` statements make one story (about 5 mentions
each); an article (10 claims) tells one story, and the stories follow one another in time, a few
running at once. Claims are clustered only inside their story (claims.stories).

Prints four figures (targets on 2 cores in brackets):
  full clustering of all claims with claims.linking.clustering.cluster_in_bulk, the
  learned merge decision (WordLlama meaning, average link), on 2 workers       (< 60 s)
  a 10k batch linked into the clustered history through the warehouse, as
  `claimtrack ingest` links it (speakers, candidate lookup in SQL,
  cluster_claims, writing the assignment)                                     (< 5 s)
  peak memory of this process and its workers                                 (< 4 GB)
  a typical `claimtrack history CLUSTER` query on a warehouse holding them    (< 100 ms)
and, for the record, that bulk clustering gives the clusters of incremental
placement (``cluster_claims``) on the first ``--check`` claims, and pair precision /
recall of the clusters against the generator's truth on a sample.

Usage: python bench/cluster_scale.py [--claims 1000000] [--batch 10000] [--speakers 20000] [--db FILE]
                                     [--workers 2] [--check 3000] [--no-warehouse]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.linking.clustering import cluster_claims, cluster_in_bulk  # noqa: E402
from claims.model import Quantity, StoredClaim  # noqa: E402

UNITS = [("", "aircraft"), ("usd", ""), ("percent", ""), ("minute", "")]
CLAIMS_PER_STATEMENT = 5
CLAIMS_PER_ARTICLE = 10


def _words(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct English words, the most frequent first.

    The whole words of WordLlama's own vocabulary come first (the embedding reads them as
    one token each, as it does real news text), then pairs of them for the rarer words
    (names and compounds, two tokens each, as rare words are).
    """
    from claims.semantic import vocabulary
    from claims.text import content_terms

    tokens = sorted((i, t[1:]) for t, i in vocabulary().items() if t.startswith("\u2581"))
    # a content word that is its own stem: no stop word, and no two words of the list one term
    whole = [w for _, w in tokens if re.fullmatch(r"[a-z]{4,}", w) and content_terms(w) == [w]]
    out, seen = whole[:n], set(whole)
    while len(out) < n:
        w = rng.choice(whole) + rng.choice(whole)
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def _names(n: int, rng: random.Random) -> list[str]:
    syll = ["ka", "lo", "mi", "ren", "sto", "par", "vek", "dun", "tor", "bel", "sa", "nor", "gri", "fal", "mon",
            "tre", "vol", "zin", "cha", "pel", "qua", "rim", "sol", "tan", "ur", "wex", "yal", "bro", "dem", "fio"]
    out, seen = [], set()
    while len(out) < n:
        w = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


class Generator:
    """Statements and their mentions; deterministic for a seed."""

    def __init__(self, n_claims: int, n_speakers: int, seed: int = 4, story_statements: int = 50):
        self.rng = np.random.default_rng(seed)
        self.pyrng = random.Random(seed)
        self.vocab = _words(60000, self.pyrng)
        self.n_speakers = n_speakers
        self.speakers = [f"Speaker {i} {w.title()}" for i, w in enumerate(_names(n_speakers, self.pyrng))]
        ranks = np.arange(1, n_speakers + 1)
        self.p_speaker = (1 / ranks) / (1 / ranks).sum()
        # content words follow Zipf's law from rank 100 on: the most frequent ranks are the
        # stop words that matching drops anyway
        vr = np.arange(100, len(self.vocab) + 100)
        self.p_word = (1 / vr) / (1 / vr).sum()
        self.n_statements = max(1, n_claims // CLAIMS_PER_STATEMENT)
        self.st_speaker = self.rng.choice(n_speakers, size=self.n_statements, p=self.p_speaker)
        self.st_words = self.rng.choice(len(self.vocab), size=(self.n_statements, 12), p=self.p_word)
        self.st_len = self.rng.integers(6, 13, size=self.n_statements)
        self.st_unit = self.rng.integers(0, 8, size=self.n_statements)  # 0-3: a number of that unit; 4-7: none
        self.st_value = self.rng.integers(2, 900, size=self.n_statements)
        # stories: consecutive statements; articles tell them in time order, a few stories running at once
        self.story_statements = max(1, story_statements)
        self.n_stories = max(1, -(-self.n_statements // self.story_statements))
        n_articles = n_claims // CLAIMS_PER_ARTICLE + 1
        drift = self.rng.integers(-3, 4, size=n_articles)
        self.article_story = np.clip(np.arange(n_articles) * self.n_stories // n_articles + drift, 0, self.n_stories - 1)

    def claims(self, n: int, start_id: int, statements: np.ndarray | None = None) -> tuple[list[StoredClaim], list[int]]:
        """``n`` mentions (claim ids from ``start_id``) and the statement each one mentions."""
        rng, prng, vocab = self.rng, self.pyrng, self.vocab
        ids = np.arange(start_id, start_id + n)
        stories = self.article_story[np.minimum(ids // CLAIMS_PER_ARTICLE, len(self.article_story) - 1)]
        if statements is None:  # a statement of the article's story
            first = stories * self.story_statements
            size = np.minimum(self.story_statements, self.n_statements - first)
            statements = first + (rng.random(n) * size).astype(np.int64)
        which = statements
        extra = rng.choice(len(vocab), size=(n, 2), p=self.p_word)
        out, truth = [], []
        for k in range(n):
            s = int(which[k])
            words = [vocab[i] for i in self.st_words[s, : self.st_len[s]]]
            r = prng.random()
            if r < 0.5:
                for _ in range(prng.randint(1, 2)):
                    words.pop(prng.randrange(len(words)))
            if prng.random() < 0.3:
                words.insert(prng.randrange(len(words) + 1), vocab[extra[k, 0]])
            if prng.random() < 0.3:
                prng.shuffle(words)
            quantities: tuple[Quantity, ...] = ()
            unit_i = int(self.st_unit[s])
            truth_id = s
            if unit_i < 4:
                value = float(self.st_value[s])
                if prng.random() < 0.03:  # a contradicting figure: its own cluster
                    value = value * 1.5 + 1
                    truth_id = -s - 1
                unit, noun = UNITS[unit_i]
                quantities = (Quantity(value=value, unit=unit, qualifier="", low=value, high=value,
                                       text=f"{value:g}", noun=noun),)
                words.append(f"{value:g}")
            content = " ".join(words)
            speaker = self.speakers[self.st_speaker[s]]
            out.append(StoredClaim(claim_id=start_id + k, article_id=(start_id + k) // CLAIMS_PER_ARTICLE,
                                   speaker=speaker, text=f"{speaker} said {content}", content=content, stance="assert",
                                   negated=False, quote_type="indirect", quantities=quantities,
                                   story_id=int(stories[k]) + 1))
            truth.append(truth_id)
        return out, truth


def peak_mb() -> float:
    """Peak resident memory of this process, or of its largest worker when that was larger (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pair_quality(assigned: list[int], truth: list[int], sample: int = 200000, seed: int = 1) -> tuple[float, float]:
    """Pair precision and recall of the clusters against the generator's statements (pairs within a sample)."""
    idx = np.random.default_rng(seed).choice(len(assigned), size=min(sample, len(assigned)), replace=False)
    a = pd.DataFrame({"c": np.asarray(assigned)[idx], "t": np.asarray(truth)[idx]})
    pairs = lambda col: int((a.groupby(col).size().pipe(lambda s: s * (s - 1) // 2)).sum())  # noqa: E731
    both = int((a.groupby(["c", "t"]).size().pipe(lambda s: s * (s - 1) // 2)).sum())
    sys_pairs, gold_pairs = pairs("c"), pairs("t")
    return (both / sys_pairs if sys_pairs else 1.0), (both / gold_pairs if gold_pairs else 1.0)


def warehouse(db: Path, claims: list[StoredClaim], assigned: list[int], gen: Generator, settings) -> None:
    """A warehouse holding the clustered claims (10 claims per article, outlets round robin)."""
    from warehouse.db import writing

    n = len(claims)
    n_articles = claims[-1].article_id + 1
    with writing(db) as con:
        con.execute("BEGIN TRANSACTION")
        outlets = [f"Outlet {i}" for i in range(50)]
        con.register("_s", pd.DataFrame({"source_id": range(1, 51), "name": outlets, "kind": "jsonl",
                                         "location": "bench"}))
        con.execute("INSERT INTO sources (source_id, name, kind, location) SELECT * FROM _s")
        base = pd.Timestamp("2030-01-01")
        story_of = {c.article_id: c.story_id for c in claims}
        arts = pd.DataFrame({
            "article_id": np.arange(n_articles), "source_id": np.arange(n_articles) % 50 + 1,
            "url": [f"https://bench.test/{i}" for i in range(n_articles)],
            "published_at": base + pd.to_timedelta(np.arange(n_articles) * 37, unit="s"),
            "text": "(synthetic)", "content_hash": [f"h{i}" for i in range(n_articles)],
            "story_id": pd.array([story_of.get(i) for i in range(n_articles)], dtype="Int64"),
        })
        con.register("_a", arts)
        con.execute("INSERT INTO article_store (article_id, source_id, url, published_at, text, content_hash, story_id)"
                    " SELECT * FROM _a")
        stories = sorted({s for s in story_of.values() if s is not None})
        con.register("_st", pd.DataFrame({"story_id": stories, "label": [f"story {s}" for s in stories]}))
        con.execute("INSERT INTO story_store (story_id, label, articles) SELECT story_id, label, 0 FROM _st")
        sp = pd.DataFrame({"speaker_id": np.arange(1, gen.n_speakers + 1), "name": gen.speakers, "kind": "person",
                           "aliases": "[]"})
        con.register("_sp", sp)
        con.execute("INSERT INTO speaker_store (speaker_id, name, kind, aliases) SELECT * FROM _sp")
        speaker_id = {name: i + 1 for i, name in enumerate(gen.speakers)}
        df = pd.DataFrame({
            "claim_id": [c.claim_id for c in claims], "article_id": [c.article_id for c in claims],
            "attribution_id": [c.claim_id for c in claims], "claim_start": 0,
            "claim_end": [len(c.content) for c in claims], "content": [c.content for c in claims],
            "text": [c.text for c in claims], "speaker_name": [c.speaker for c in claims],
            "speaker_id": [speaker_id[c.speaker] for c in claims], "cue_lemma": "say", "stance": "assert",
            "quote_type": "indirect", "negated": False,
            "quantities": ["[]" if not c.quantities else
                           f'[{{"value": {c.quantities[0].value}, "unit": "{c.quantities[0].unit}", "qualifier": "",'
                           f' "low": {c.quantities[0].low}, "high": {c.quantities[0].high}, "text": "",'
                           f' "noun": "{c.quantities[0].noun}"}}]' for c in claims],
            "cluster_id": assigned, "run_id": 1,
        })
        con.register("_c", df)
        con.execute(f"INSERT INTO claim_store ({', '.join(df.columns)}) SELECT * FROM _c")
        con.execute("INSERT INTO attribution_store (attribution_id, article_id, speaker_name, cue_lemma, stance,"
                    " quote_type, content_spans, text, negated) SELECT claim_id, article_id, speaker_name, 'say',"
                    " 'assert', 'indirect', '[]', text, false FROM _c")
        from claims.linking.clustering import keys_of

        keyed = keys_of([replace(c, cluster_id=a) for c, a in zip(claims, assigned)], settings)
        con.register("_keys", pd.DataFrame({
            "key": pd.array([k for w, p in keyed.values() for k in (*w, *p)], dtype="int64"),
            "claim_id": np.repeat(np.fromiter(keyed.keys(), dtype=np.int64),
                                  [len(w) + len(p) for w, p in keyed.values()]),
        }))
        con.execute("INSERT INTO claim_key SELECT key, claim_id FROM _keys")
        firsts = df.groupby("cluster_id").first().reset_index()
        con.register("_k", pd.DataFrame({"cluster_id": firsts["cluster_id"], "speaker_id": firsts["speaker_id"],
                                         "label": firsts["text"], "created_run": 1}))
        con.execute("INSERT INTO cluster_store (cluster_id, speaker_id, label, created_run) SELECT * FROM _k")
        con.execute("COMMIT")
        del n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--speakers", type=int, default=20_000)
    ap.add_argument("--story-statements", type=int, default=50,
                    help="statements per story (about 5 mentions each; 0: every claim in one story)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--check", type=int, default=3000,
                    help="claims on which bulk and incremental clustering are compared (0: skip)")
    ap.add_argument("--db", type=Path, help="warehouse file for the query figures (default: a temporary file)")
    ap.add_argument("--no-warehouse", action="store_true", help="skip the warehouse figures")
    args = ap.parse_args()

    from flows import settings as config
    from flows.link import match_settings

    settings = match_settings(config.load(None))
    t = time.perf_counter()
    gen = Generator(args.claims + args.batch, args.speakers, story_statements=args.story_statements or 10**12)
    history, truth = gen.claims(args.claims, 1)
    batch, batch_truth = gen.claims(args.batch, args.claims + 1)
    print(f"generated {len(history):,} + {len(batch):,} claims, {gen.n_statements:,} statements in {gen.n_stories:,} stories,"
          f" {args.speakers:,} speakers in {time.perf_counter() - t:.1f} s", flush=True)

    if args.check:
        sample = history[: args.check]
        t = time.perf_counter()
        one_by_one = cluster_claims(sample, [], 1, settings)
        inc_s = time.perf_counter() - t
        t = time.perf_counter()
        bulk = cluster_in_bulk(sample, [], 1, settings, workers=args.workers)
        bulk_s = time.perf_counter() - t
        same = bulk == one_by_one
        print(f"bulk == incremental on the first {len(sample):,} claims: {same}"
              f" ({len(bulk.new_clusters):,} clusters; incremental {inc_s:.1f} s, bulk {bulk_s:.1f} s)", flush=True)
        if not same:
            print("BULK AND INCREMENTAL CLUSTERS DIFFER", file=sys.stderr)
            return 1

    stages: dict[str, float] = {}
    t, cpu, cpu_workers = time.perf_counter(), time.process_time(), _children_cpu()
    result = cluster_in_bulk(history, [], 1, settings, workers=args.workers, timings=stages)
    full, full_cpu, workers_cpu = time.perf_counter() - t, time.process_time() - cpu, _children_cpu() - cpu_workers
    assigned = [result.assignments[c.claim_id] for c in history]
    print(f"full clustering: {full:.1f} s ({full_cpu:.1f} s CPU in the main process, {workers_cpu:.1f} s in workers)"
          f" for {len(history):,} claims ({len(history) / full:,.0f} claims/s, {len(result.new_clusters):,} clusters);"
          f" stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()), flush=True)
    del result
    clustering_peak = peak_mb()
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory after clustering: {clustering_peak:,.0f} MB (this process {own_mb:,.0f} MB,"
          f" largest worker {workers_mb:,.0f} MB)", flush=True)
    p, r = pair_quality(assigned, truth)
    print(f"pair precision {p:.3f} recall {r:.3f} (sample of 200k claims against the generator's statements)")

    link_s = query_ms = None
    if not args.no_warehouse:
        db = args.db or Path(tempfile.mkdtemp(prefix="cluster-scale-")) / "bench.duckdb"
        if db.exists():
            db.unlink()
        t = time.perf_counter()
        warehouse(db, history, assigned, gen, settings)
        print(f"warehouse written in {time.perf_counter() - t:.1f} s: {db}", flush=True)
        from warehouse import history as hist
        from warehouse.db import reading, writing

        sizes = pd.Series(assigned).value_counts()
        typical = sizes[sizes == int(sizes[sizes > 1].median())].index[:20].tolist()
        with reading(db) as con:
            hist.cluster_history(con, typical[0])  # warm up
            times = []
            for cid in typical:
                t = time.perf_counter()
                df = hist.cluster_history(con, cid)
                times.append((time.perf_counter() - t) * 1000)
                assert not df.empty
        query_ms = statistics.median(times)
        print(f"history query: median {query_ms:.1f} ms over {len(times)} clusters of {int(sizes[typical[0]])}"
              f" mentions (max {max(times):.1f} ms)", flush=True)
        from flows.link import match_batch
        from warehouse import store

        with writing(db) as con:
            df = pd.DataFrame({
                "claim_id": [c.claim_id for c in batch], "article_id": [c.article_id for c in batch],
                "attribution_id": [c.claim_id for c in batch], "claim_start": 0,
                "claim_end": [len(c.content) for c in batch], "content": [c.content for c in batch],
                "text": [c.text for c in batch], "speaker_name": [c.speaker for c in batch],
                "cue_lemma": "say", "stance": "assert", "quote_type": "indirect", "negated": False,
                "quantities": "[]", "run_id": 2,
            })
            con.register("_b", df)
            con.execute(f"INSERT INTO claim_store ({', '.join(df.columns)}) SELECT * FROM _b")
            con.register("_bs", pd.DataFrame({"article_id": [c.article_id for c in batch],
                                              "story_id": [c.story_id for c in batch]}).drop_duplicates("article_id"))
            con.execute("INSERT INTO article_store (article_id, source_id, url, published_at, text, content_hash, story_id)"
                        " SELECT article_id, 1, 'https://bench.test/b' || article_id, TIMESTAMP '2031-01-01',"
                        " '(synthetic)', 'hb' || article_id, story_id FROM _bs ANTI JOIN article_store USING (article_id)")
            # the history's running word counts, as its links would have left them (not timed)
            from claims.linking.pair_model import word_counts
            old = hist.uncounted_contents(con)
            hist.add_term_counts(con, word_counts(old), len(old))
            t, cpu = time.perf_counter(), time.process_time()
            assignment, keys, words = match_batch(con, df["claim_id"].tolist(), settings)
            store.assign_clusters(con, 2, assignment.assignments, assignment.new_clusters)
            hist.save_keys(con, keys)
            hist.add_term_counts(con, *words)
            link_s, link_cpu = time.perf_counter() - t, time.process_time() - cpu
        print(f"warehouse link of the {len(batch):,} batch (speakers, SQL lookup, cluster_claims, writes):"
              f" {link_s:.2f} s ({link_cpu:.2f} s CPU, DuckDB threads included)", flush=True)
        if not args.db:
            os.unlink(db)

    print(f"peak memory with the warehouse: {peak_mb():,.0f} MB")
    print()
    print(f"full_s={full:.1f} batch_s={link_s if link_s is None else round(link_s, 2)} peak_mb={clustering_peak:.0f}"
          f" query_ms={query_ms if query_ms is None else round(query_ms, 1)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
