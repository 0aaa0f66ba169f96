"""Linking a run's new claims: canonical speakers, clusters, contradictions.

The recipe of the pipeline's last step: the warehouse loads the candidates, ``claims``
matches them and finds the disagreements, the warehouse stores the outcome in one
transaction. No SQL and no matching rule lives here.
"""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import duckdb

from claims.contradictions.detect import ContradictionSettings, detect_contradictions
from claims.speakers.identity import IdentitySettings, Speaker, SpeakerRegistry, alias_key
from claims.linking.clustering import ClusterAssignment, Keys, MatchSettings, cluster_claims, cluster_in_bulk, keys_of
from claims.linking.pair_model import with_new, word_counts
from claims.model import StoredClaim
from claims.contradictions.reworded import VariantSettings, variant_conflicts
from claims.contradictions.figures import disagreements_by_story
from claims.contradictions.grouping import GroupingSettings, figure_claim_ids, group_disagreements, route
from warehouse import figures, history, review, store
from warehouse.db import crash_point, transaction, writing

from .settings import Settings


#: A confidence no disagreement reaches: what is stored with it is a possible contradiction only.
POSSIBLE_ONLY = 2.0

#: Lookup keys of each claim: claim id → (word keys, MinHash pair keys).


def match_settings(settings: Settings) -> MatchSettings:
    return settings.build(MatchSettings, "matching", also=(IdentitySettings,))


def identity_settings(settings: Settings) -> IdentitySettings:
    return settings.build(IdentitySettings, "matching", also=(MatchSettings,))


# --- speakers ---------------------------------------------------------------------------

def load_speakers(con: duckdb.DuckDBPyConnection, settings: IdentitySettings | None = None) -> SpeakerRegistry:
    """Every stored speaker with its aliases, ready to resolve new names."""
    return SpeakerRegistry([Speaker(*row) for row in history.speaker_rows(con)], settings)


def save_speakers(con: duckdb.DuckDBPyConnection, registry: SpeakerRegistry) -> None:
    """Write the speakers the registry created or changed, and their alias keys."""
    changed = [registry.by_id[i] for i in sorted(registry.changed)]
    if not changed:
        return
    keys: dict[str, int] = {}
    for sp in changed:
        for alias in (sp.name, *sp.aliases):
            key = alias_key(alias)
            if key:
                keys.setdefault(key, sp.speaker_id)
    history.save_speakers(con, changed, keys)
    registry.mark_saved()


def resolve_claim_speakers(con: duckdb.DuckDBPyConnection, registry: SpeakerRegistry) -> int:
    """Give every claim without a speaker id its canonical speaker (new claims, and claims stored before 003).

    Narration claims (the outlet's own voice) belong to the outlet. Returns how many claims were resolved.
    """
    rows = history.unresolved_claims(con)
    if not rows:
        return 0
    names = registry.resolve_all(r[1] or "" for r in rows if r[2] != "narration")
    outlets = {r[3]: registry.resolve_outlet(r[3]) for r in rows if r[2] == "narration"}
    speaker_of = {}
    for claim_id, name, quote_type, outlet in rows:
        sp = outlets[outlet] if quote_type == "narration" else names.get(name or "")
        if sp is not None:
            speaker_of[claim_id] = sp.speaker_id
    with transaction(con):
        save_speakers(con, registry)
        history.set_claim_speakers(con, speaker_of)
    return len(speaker_of)


# --- clusters -----------------------------------------------------------------------------

def cluster_owners(new_clusters: dict[int, tuple[str, str]], claims: Sequence[StoredClaim]) -> dict[int, tuple[str, str]]:
    """New clusters as (label, speaker) with an outlet-voice cluster owned by the outlet that opened it."""
    source_of = {}
    for c in sorted(claims, key=lambda c: c.claim_id):
        if c.speaker == history.NARRATION_BLOCK:
            source_of.setdefault((c.text, c.speaker), c.source)
    return {cid: (label, source_of.get((label, sp), sp) if sp == history.NARRATION_BLOCK else sp)
            for cid, (label, sp) in new_clusters.items()}


def running_word_counts(con: duckdb.DuckDBPyConnection, new: Sequence[StoredClaim], existing: Sequence[StoredClaim]
                        ) -> tuple[tuple[dict[str, int], int], Counter]:
    """The warehouse's running word counts for the words of ``new`` and ``existing``, the new claims
    counted in: ((word -> claims, claims), the new claims' own counts to store once they are linked).

    A warehouse whose linked claims were never counted (from before migration 011) counts them first.
    """
    old = history.uncounted_contents(con)
    if old:
        with transaction(con):
            history.add_term_counts(con, word_counts(old), len(old))
    fresh = word_counts(c.content for c in new)
    stored, n = history.term_counts(con, {*fresh, *word_counts(c.content for c in existing)})
    return with_new(stored, n, fresh, len(new)), fresh


def match_batch(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[int], settings: MatchSettings | None = None,
                identity: IdentitySettings | None = None) -> tuple[ClusterAssignment, Keys, tuple[Counter, int]]:
    """Cluster a batch of stored claims against the history: (ClusterAssignment, lookup keys to save,
    the batch's word counts to add to the warehouse's).

    Resolves canonical speakers first (writing new speakers and aliases), then
    loads only the clustered claims the batch can join. Words are weighed by the warehouse's running
    counts, so a claim's decision does not depend on the batch it came in. Writes no cluster: the
    caller stores the assignment, the keys and the counts in its own transaction.
    """
    settings = settings or MatchSettings()
    registry = load_speakers(con, identity)
    resolve_claim_speakers(con, registry)
    history.update_speaker_sides(con)
    new = history.claims_for_matching(con, claim_ids)
    keys = keys_of(new, settings)
    existing, candidates_of = history.clustered_candidates(
        con, new, keys, max_block=settings.max_block, lookup_budget=settings.lookup_budget,
        block_words=settings.block_words)
    counts, fresh = running_word_counts(con, new, existing)
    texts = history.article_texts(con, [c.article_id for c in (*new, *existing)])
    next_id = history.next_cluster_id(con)
    if len(new) >= settings.bulk_min_claims:
        # the same clusters as one at a time, the candidates scored on arrays; later claims have more
        # earlier ones to read, so a few ranges per worker keep the workers equally busy
        workers = max(1, settings.bulk_workers)
        chunk = max(1, -(-len(new) // (4 * workers if workers > 1 else 1)))
        assignment = cluster_in_bulk(new, existing, next_id, settings, articles=texts, workers=workers, chunk=chunk,
                                     candidates_of=candidates_of, counts=counts)
    else:
        assignment = cluster_claims(new, existing, next_id, settings, candidates_of, articles=texts, counts=counts)
    return replace(assignment, new_clusters=cluster_owners(assignment.new_clusters, new)), keys, (fresh, len(new))


# --- the step -------------------------------------------------------------------------------

def link(db: Path, run_id: int, claim_ids: Sequence[int], settings: Settings,
         while_parsing: bool = False, articles: Sequence[int] | None = None) -> tuple[int, int]:
    """Cluster the new claims and detect contradictions; returns (new clusters, new contradictions).

    Claims an interrupted run stored but never linked (cluster_id NULL) are linked too. ``while_parsing``:
    the extraction workers are busy, so everything runs in this process (no second one for the rules).
    ``articles``: the articles the run stored since its last link, whose stories' figures are compared
    again (default: every article the run stored).
    Clusters and contradictions are written in one transaction: a crash leaves both or neither.
    """
    with writing(db) as con:
        claim_ids = sorted(set(claim_ids) | set(store.unlinked_claim_ids(con)))
        if not claim_ids:
            return 0, 0
        new = store.claims_by_id(con, claim_ids)
        speakers = sorted({c.speaker for c in new if c.speaker})
        existing = store.claims_by_speakers(con, speakers, exclude=claim_ids)
        csettings = settings.build(ContradictionSettings, "contradictions")
        # other speakers' claims about the same measured thing, quote or negated statement
        others = review.candidate_claims(con, claim_ids, csettings.max_days_apart, exclude_speakers=speakers)
        # the rules read only these claims (not the clusters): on a big batch they run in a second
        # process while this one clusters
        detection = _Detection(new, [*existing, *others], csettings,
                               len(new) >= settings.scale.parallel_link_claims and not while_parsing)
        try:
            # canonical speakers across articles, then incremental clustering
            assignment, keys, words = match_batch(con, claim_ids, match_settings(settings), identity_settings(settings))
        except BaseException:
            detection.cancel()
            raise
        found = detection.result()
        # the same figure told in other words by other outlets (claims alike in meaning)
        placed = [replace(c, cluster_id=assignment.assignments.get(c.claim_id)) for c in new]
        found += variant_conflicts(placed, [*existing, *others],
                                   settings.build(VariantSettings, "variants"),
                                   {frozenset((f.claim_id_a, f.claim_id_b)) for f in found})
        gsettings = settings.build(GroupingSettings, "disagreements")
        # the figures of the stories this run touched: their numeric disagreements, each a grouped
        # disagreement whose mentions are the claims holding its figures
        touched = figures.touched_articles(con, run_id, claim_ids, articles)
        numeric = link_figures(con, run_id, csettings, touched, store_now=False)
        fig_claims = {c.claim_id: c for c in store.claims_by_id(con, figure_claim_ids(numeric))}
        routed = route(numeric, fig_claims, found)  # a pair the figures already set on two sides is not flagged again
        found = list(routed.pairs)
        # pairs → disagreements: one per thing disagreed about, every mention on its side
        known = {c.claim_id: c for c in [*existing, *others, *placed]}
        story_of = history.article_stories(con, sorted({c.article_id for c in known.values()}))
        groups = group_disagreements(found, known, gsettings, story_of)
        pairwise = [g for g in groups if g.kind == "numeric"]
        rest = [g for g in groups if g.kind != "numeric"]
        with transaction(con):
            store.assign_clusters(con, run_id, assignment.assignments, assignment.new_clusters)
            history.save_keys(con, keys)
            history.add_term_counts(con, *words)
            crash_point("linking")
            added = review.store_found(con, run_id, [*routed.from_figures, *rest], gsettings.min_confidence)
            added += review.store_found(con, run_id, routed.one_article, POSSIBLE_ONLY)  # one article's two values
            added += review.store_found(con, run_id, pairwise,
                                        max(gsettings.min_confidence, gsettings.pairwise_numeric_min_confidence))
            figures.replace_disagreements(con, run_id, numeric, touched)
    return len(assignment.new_clusters), added


def link_figures(con: duckdb.DuckDBPyConnection, run_id: int, csettings: ContradictionSettings,
                 article_ids: Sequence[int] | None = None, store_now: bool = True) -> list:
    """Find the numeric disagreements among the figures of the stories of ``article_ids`` (or of every
    stored figure) again, story by story; returns them (``NumericDisagreement``), stored first in the
    figure_disagreement tables (replacing those of these stories) unless ``store_now`` is False.

    Where articles carry a story (``article_store.story_id``) figures are compared inside their story, and
    only the stories holding ``article_ids`` are read; until then, articles are compared when the story
    gate lets them (dates within ``max_days_apart``, names shared as ``figure_story_overlap`` asks) and every
    figure is read. Local clock times take the zone of the places the story's articles name most.
    """
    stories = figures.article_stories(con)
    scope = None
    if article_ids is not None and stories is not None:
        touched = set(article_ids)
        wanted = {stories[a] for a in touched if a in stories}
        scope = sorted(touched | {a for a, sid in stories.items() if sid in wanted})
    figs = figures.stored_figures(con, scope)
    texts = figures.article_texts(con, sorted({f.article_id for f in figs}))
    found = disagreements_by_story(figs, texts, stories, csettings.max_days_apart, csettings.figure_story_overlap)
    if store_now:
        figures.replace_disagreements(con, run_id, found, scope)
    return found


class _Detection:
    """detect_contradictions started now, in a second process when ``parallel``; ``result()`` waits for it."""

    def __init__(self, new, others, csettings, parallel: bool):
        self.args = (new, others, csettings, True)  # every pair: grouped into disagreements
        self.pool = self.future = None
        if parallel:
            self.pool = ProcessPoolExecutor(max_workers=1)
            self.future = self.pool.submit(detect_contradictions, *self.args)

    def result(self) -> list:
        if self.future is None:
            return detect_contradictions(*self.args)
        try:
            return self.future.result()
        finally:
            self.pool.shutdown()

    def cancel(self) -> None:
        """Stop the second process now (the caller failed and will not wait for the result)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
                proc.terminate()
