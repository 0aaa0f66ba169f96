"""Turning warehouse rows into what people read: markdown, HTML, CSV.

The frames come from ``warehouse.review.report`` (one row per disagreement: its
grouped line, every mention on each side with outlet, date, URL, speaker, claim and
sentence, a representative pair, plus ``evidence``: what was attached after a decision). Older frames without the sentence or
evidence columns render too. The HTML page is flows/templates/report.html,
shared with the review app: autoescape shows a headline holding ``<script>``
as text, never run.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from .pages import KIND_TITLES, STATUS_ORDER, environment, fmt_date, fmt_time, safe_url
from .pages import blank as _blank

if TYPE_CHECKING:
    from .pipeline import RunSummary


def _get(row, name: str, default: Any = None) -> Any:
    value = getattr(row, name, default)
    if isinstance(value, (list, tuple, dict)):
        return value
    return default if _blank(value) else value


def _md(text) -> str:
    """Markdown-safe one-line text (scraped text must not become markup)."""
    if _blank(text):
        return ""
    s = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def _side(row, s: str) -> dict:
    """One side of a contradiction (s: "a" or "b") as plain values."""
    return {
        "source": _get(row, f"source_{s}", "unknown outlet"),
        "speaker": _get(row, f"speaker_{s}", ""),
        "date": fmt_date(_get(row, f"published_{s}")),
        "url": _get(row, f"url_{s}"),
        "content": _get(row, f"content_{s}", "") or _get(row, f"text_{s}", ""),
        "sentence": _get(row, f"sentence_{s}", ""),
        "quote_type": _get(row, f"quote_type_{s}", ""),
    }


def _mention_sides(row) -> list[tuple[str, list[dict]]]:
    """Each side of a disagreement and its mentions as plain values ([] for frames without ``sides``)."""
    out = []
    for s in _get(row, "sides", []) or []:
        mentions = [{"source": m.get("source") or "unknown outlet", "speaker": m.get("speaker") or "",
                     "date": fmt_date(m.get("published_at")), "url": m.get("url"),
                     "content": m.get("content") or "", "sentence": m.get("sentence") or "",
                     "quote_type": m.get("quote_type") or ""} for m in s.get("mentions", [])]
        out.append((str(s.get("side")), mentions))
    return out


def _who(side: dict) -> str:
    if side["quote_type"] == "narration" or not side["speaker"] or side["speaker"] == side["source"]:
        return "in its own voice"
    return f"quoting {side['speaker']}"


def _evidence(row) -> list[dict]:
    ev = getattr(row, "evidence", None)
    return list(ev) if isinstance(ev, (list, tuple)) else []


def _groups(df: pd.DataFrame):
    return df.groupby(df["subject"].fillna("(no subject)"), sort=False) if not df.empty else []


def _summary_line(df: pd.DataFrame) -> str:
    if df.empty:
        return "0 contradictions"
    kinds = Counter(df["kind"])
    statuses = Counter(df["status"])
    k = ", ".join(f"{n} {KIND_TITLES.get(kind, kind).lower()}" for kind, n in kinds.most_common())
    st = ", ".join(f"{statuses[s]} {s}" for s in STATUS_ORDER if statuses.get(s))
    return f"{len(df)} contradiction(s): {k} ({st})"


# --- markdown ------------------------------------------------------------------------

def contradictions_markdown(df: pd.DataFrame, title: str = "Contradictions") -> str:
    lines = [f"# {_md(title)}", "", f"{_summary_line(df)}; generated {datetime.now():%Y-%m-%d %H:%M}.", ""]
    if df.empty:
        lines.append("Nothing to review.")
        return "\n".join(lines) + "\n"
    for subject, group in _groups(df):
        lines += [f"## {_md(subject)}", ""]
        for row in group.itertuples(index=False):
            lines += [
                f"### #{row.contradiction_id} · {KIND_TITLES.get(row.kind, row.kind)} · {row.status}",
                "",
                f"**{_md(subject)}:** {_md(_get(row, 'grouped', '') or row.reason)}",
                "",
            ]
            if _get(row, "grouped", "") != row.reason:
                lines += [f"**Why:** {_md(row.reason)}", ""]
            groups = _mention_sides(row)
            if groups:
                for side_name, mentions in groups:
                    lines.append(f"- **{_md(side_name)}**")
                    for side in mentions:
                        link = f" <{_md(side['url'])}>" if side["url"] else ""
                        lines.append(f"  - **{_md(side['source'])}** ({side['date']}), {_md(_who(side))}: "
                                     f"“{_md(side['sentence'] or side['content'])}”{link}")
            else:
                for s in ("a", "b"):
                    side = _side(row, s)
                    link = f" <{_md(side['url'])}>" if side["url"] else ""
                    lines.append(f"- **{_md(side['source'])}** ({side['date']}), {_md(_who(side))}: "
                                 f"“{_md(side['sentence'] or side['content'])}”{link}")
            meta = f"- score {float(_get(row, 'score', 0.0)):.2f}"
            if _get(row, "confidence") is not None:
                meta += f"; confidence {float(row.confidence):.2f}"
            if _get(row, "mentions"):
                meta += f"; {int(row.mentions)} mentions"
            if _get(row, "note"):
                meta += f"; note: {_md(row.note)}"
            if _get(row, "reviewed_at") is not None:
                meta += f"; reviewed {fmt_time(row.reviewed_at)}"
            lines.append(meta)
            for ev in _evidence(row):
                lines.append(f"- more evidence: {_md(ev.get('reason'))} "
                             f"({_md(ev.get('source_a'))} / {_md(ev.get('source_b'))})")
            lines.append("")
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------

def highlight_segments(sentence: str, content: str) -> list[tuple[str, bool]]:
    """The sentence as (piece, is_the_claim) segments, the claim's own words marked when they are in it.
    The template escapes every piece."""
    sentence = " ".join(str(sentence or "").split())
    content = " ".join(str(content or "").split()).strip(" “”\"'")
    if not sentence:
        return [(content, False)]
    at = sentence.find(content) if content else -1
    if at < 0:
        return [(sentence, False)]
    end = at + len(content)
    return [(sentence[:at], False), (sentence[at:end], True), (sentence[end:], False)]


def _side_view(side: dict) -> dict:
    return {"source": side["source"], "date": side["date"], "who": _who(side), "url": safe_url(side["url"]),
            "segments": highlight_segments(side["sentence"], side["content"])}


def contradictions_html(df: pd.DataFrame, title: str = "Contradictions") -> str:
    """One self-contained page grouped by subject (flows/templates/report.html, autoescaped)."""
    groups = []
    for subject, group in _groups(df):
        items = []
        for row in group.itertuples(index=False):
            meta = [f"score {float(_get(row, 'score', 0.0)):.2f}"]
            if _get(row, "detected_at") is not None:
                meta.append(f"found {fmt_time(row.detected_at)}")
            if _get(row, "reviewed_at") is not None:
                meta.append(f"reviewed {fmt_time(row.reviewed_at)}")
            if _get(row, "confidence") is not None:
                meta.append(f"confidence {float(row.confidence):.2f}")
            if _get(row, "mentions"):
                meta.append(f"{int(row.mentions)} mentions")
            items.append({
                "id": int(row.contradiction_id), "kind": row.kind, "status": str(row.status), "reason": row.reason,
                "grouped": f"{subject}: {_get(row, 'grouped', '') or row.reason}",
                "positions": [{"side": name, "mentions": [_side_view(m) for m in ms]}
                              for name, ms in _mention_sides(row)],
                "sides": [_side_view(_side(row, "a")), _side_view(_side(row, "b"))], "meta": meta,
                "note": _get(row, "note"),
                "evidence": [{"reason": _get_d(ev, "reason"), "source_a": _get_d(ev, "source_a"),
                              "source_b": _get_d(ev, "source_b"), "added_at": fmt_time(ev.get("added_at"))}
                             for ev in _evidence(row)],
            })
        groups.append({"subject": subject, "items": items})
    return environment().get_template("report.html").render(
        title=title, summary=_summary_line(df), generated=f"{datetime.now():%Y-%m-%d %H:%M}", groups=groups)


def _get_d(d: dict, key: str) -> str:
    value = d.get(key)
    return "" if _blank(value) else str(value)


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = ["contradiction_id", "kind", "status", "subject", "grouped", "reason", "score", "confidence", "mentions",
               "claim_id_a", "claim_id_b",
               "speaker_a", "speaker_b", "source_a", "source_b", "published_a", "published_b", "url_a", "url_b",
               "content_a", "content_b", "sentence_a", "sentence_b", "note", "reviewed_at", "detected_at",
               "evidence_count"]


def contradictions_csv(df: pd.DataFrame) -> str:
    df = df.copy()
    if "evidence" in df.columns:
        df["evidence_count"] = [len(e) if isinstance(e, (list, tuple)) else 0 for e in df["evidence"]]
    return df[[c for c in CSV_COLUMNS if c in df.columns]].to_csv(index=False)


def run_summary_markdown(summary: "RunSummary", contradictions: pd.DataFrame) -> str:
    lines = [
        f"# claimtrack ingest run {summary.run_id}", "",
        "| articles read | new articles | new claims | new clusters | new contradictions | errors |",
        "|---|---|---|---|---|---|",
        f"| {summary.articles_read} | {summary.articles_new} | {summary.claims_new} | {summary.clusters_new} |"
        f" {summary.contradictions_new} | {len(summary.errors)} |", "",
    ]
    if not contradictions.empty:
        lines += ["## New contradictions", ""]
        for row in contradictions.itertuples(index=False):
            lines.append(f"- #{row.contradiction_id} {KIND_TITLES.get(row.kind, row.kind)}: {_md(row.reason)}")
        lines.append("")
    if summary.errors:
        lines += ["## Errors", ""] + [f"- {_md(item)}: {_md(msg)}" for item, msg in summary.errors] + [""]
    return "\n".join(lines)
