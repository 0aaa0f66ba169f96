"""Confirmed contradictions as schema.org ClaimReview JSON-LD, for fact-check aggregators and search engines.

One ClaimReview per confirmed contradiction: the claim as first reported (``claimReviewed``), its
claimant(s) and date (``itemReviewed``, a Claim appearing in both articles), the reviewer's decision
date, the contradiction's kind as the rating's name and the reviewer's note as its explanation, the
rule's reason as the review body. Only schema.org types and properties are used.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .pages import KIND_TITLES, blank, safe_url

CONTEXT = "https://schema.org"
#: speaker_store.kind values that are organizations (the rest, and unknown speakers, are people).
ORGANIZATION_KINDS = {"org", "organization", "outlet", "government", "government body", "document"}


def _iso(value) -> str | None:
    if blank(value):
        return None
    ts = pd.Timestamp(value)
    return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(timespec="seconds")


def _text(value) -> str:
    return "" if blank(value) else " ".join(str(value).split())


def _claimant(row: dict, s: str) -> dict[str, str]:
    """Who made side ``s``'s claim: the canonical speaker, or the outlet when it speaks in its own voice."""
    source = _text(row.get(f"source_{s}")) or "unknown outlet"
    name = _text(row.get(f"claimant_{s}")) or _text(row.get(f"speaker_{s}"))
    if _text(row.get(f"quote_type_{s}")) == "narration" or not name:
        return {"@type": "Organization", "name": source}
    kind = _text(row.get(f"claimant_kind_{s}")).lower()
    return {"@type": "Organization" if kind in ORGANIZATION_KINDS else "Person", "name": name}


def _appearance(row: dict, s: str) -> dict[str, Any]:
    article: dict[str, Any] = {"@type": "NewsArticle"}
    url = safe_url(row.get(f"url_{s}"))
    if url:
        article["url"] = url
    published = _iso(row.get(f"published_{s}"))
    if published:
        article["datePublished"] = published
    article["publisher"] = {"@type": "Organization", "name": _text(row.get(f"source_{s}")) or "unknown outlet"}
    article["description"] = _text(row.get(f"content_{s}"))  # the claim as this article gives it
    return article


def _mention_appearance(m: dict) -> dict[str, Any]:
    article: dict[str, Any] = {"@type": "NewsArticle"}
    url = safe_url(m.get("url"))
    if url:
        article["url"] = url
    published = _iso(m.get("published_at"))
    if published:
        article["datePublished"] = published
    article["publisher"] = {"@type": "Organization", "name": _text(m.get("source")) or "unknown outlet"}
    article["description"] = f"{_text(m.get('side'))}: {_text(m.get('content'))}"
    return article


def review_url(contradiction_id: int, base: str) -> str:
    return f"{base}{contradiction_id}" if base else f"urn:claimtrack:contradiction:{contradiction_id}"


def claim_review(row: dict, author: str, base_url: str = "") -> dict[str, Any]:
    """One confirmed contradiction (a row of warehouse.web_queries.confirmed_for_export) as a ClaimReview."""
    cid = int(row["contradiction_id"])
    # the claim under review is the one reported first; the other article is where it is contradicted
    first, second = ("a", "b")
    pa, pb = row.get("published_a"), row.get("published_b")
    if not blank(pa) and not blank(pb) and pd.Timestamp(pb) < pd.Timestamp(pa):
        first, second = "b", "a"
    claimants = [_claimant(row, first)]
    other = _claimant(row, second)
    if other != claimants[0]:
        claimants.append(other)
    appearances = [_appearance(row, first), _appearance(row, second)]
    seen = {a.get("url") for a in appearances}
    for m in row.get("all_mentions") or []:  # every other mention of the disagreement, each with its side
        article = _mention_appearance(m)
        if article.get("url") not in seen:
            seen.add(article.get("url"))
            appearances.append(article)
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": claimants[0] if len(claimants) == 1 else claimants,
        "firstAppearance": _appearance(row, first),
        "appearance": appearances,
    }
    first_date = _iso(row.get(f"published_{first}"))
    if first_date:
        claim["datePublished"] = first_date
    subject = _text(row.get("subject"))
    if subject:
        claim["name"] = subject
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": KIND_TITLES.get(row["kind"], str(row["kind"]))}
    note = _text(row.get("note"))
    if note:
        rating["ratingExplanation"] = note
    url = review_url(cid, base_url)
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "identifier": str(cid),
        "claimReviewed": _text(row.get(f"content_{first}")),
        "itemReviewed": claim,
        "reviewRating": rating,
        # the disagreement grouped: "cost: $12 million — Civic Wire · $15 million — Eastport Herald"
        "reviewBody": (f"{subject}: " if subject else "") + (_text(row.get("grouped")) or _text(row.get("reason"))),
        "author": {"@type": "Organization", "name": author},
    }
    reviewed = _iso(row.get("reviewed_at"))
    if reviewed:
        review["datePublished"] = reviewed[:10]
    return review


def document(df: pd.DataFrame, author: str, base_url: str = "") -> dict[str, Any]:
    """The JSON-LD document: every confirmed contradiction as a ClaimReview in one ``@graph``."""
    rows = df.to_dict("records") if not df.empty else []
    return {"@context": CONTEXT, "@graph": [claim_review(r, author, base_url) for r in rows]}
