"""Turning warehouse rows into what people read: markdown, HTML, CSV."""
from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .pipeline import RunSummary

KIND_TITLES = {
    "numeric": "Numbers disagree",
    "polarity": "Opposite positions",
    "attribution": "Same words, different speaker",
    "changed": "Position changed over time",
}


def _date(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "undated"
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return str(value)


def _md(text) -> str:
    """Markdown-safe one-line text (scraped text must not become markup)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def contradictions_markdown(df: pd.DataFrame, title: str = "Contradictions") -> str:
    lines = [f"# {title}", "", f"{len(df)} contradiction(s), generated {datetime.now():%Y-%m-%d %H:%M}.", ""]
    if df.empty:
        lines.append("Nothing to review.")
        return "\n".join(lines) + "\n"
    for subject, group in df.groupby(df["subject"].fillna("(no subject)"), sort=False):
        lines += [f"## {_md(subject)}", ""]
        for row in group.itertuples(index=False):
            lines += [
                f"### #{row.contradiction_id} · {KIND_TITLES.get(row.kind, row.kind)} · {row.status}",
                "",
                f"**Why:** {_md(row.reason)}",
                "",
                f"- **{_md(row.source_a)}** ({_date(row.published_a)}), {_md(row.speaker_a)}: “{_md(row.content_a)}” <{_md(row.url_a)}>",
                f"- **{_md(row.source_b)}** ({_date(row.published_b)}), {_md(row.speaker_b)}: “{_md(row.content_b)}” <{_md(row.url_b)}>",
                f"- score {row.score:.2f}" + (f"; note: {_md(row.note)}" if isinstance(row.note, str) and row.note else ""),
                "",
            ]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem} h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem;margin-top:2rem}
.item{border:1px solid #ddd;border-radius:8px;padding:.8rem 1rem;margin:1rem 0;background:#fafafa}
.kind{font-weight:600} .status{float:right;font-size:.85rem;padding:.1rem .5rem;border-radius:1rem;background:#eee}
.status.open{background:#fde2e2} .status.confirmed{background:#e2f0fd} .status.dismissed{background:#e8e8e8}
.why{margin:.4rem 0;font-weight:500} blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #bbb;background:#fff}
.meta{font-size:.85rem;color:#555} a{color:#0645ad}
"""


def contradictions_html(df: pd.DataFrame, title: str = "Contradictions") -> str:
    """One self-contained page grouped by subject; every scraped string is escaped."""
    e = lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else html.escape(str(v))  # noqa: E731
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1><p class=meta>{len(df)} contradiction(s), generated {datetime.now():%Y-%m-%d %H:%M}.</p>",
    ]
    if df.empty:
        out.append("<p>Nothing to review.</p>")
    for subject, group in df.groupby(df["subject"].fillna("(no subject)"), sort=False):
        out.append(f"<section><h2>{e(subject)}</h2>")
        for row in group.itertuples(index=False):
            def side(src, date, speaker, content, url):
                link = (f" · <a href='{e(url)}' rel=noreferrer>source</a>"
                        if isinstance(url, str) and url.startswith(("http://", "https://")) else "")
                return (f"<blockquote>“{e(content)}”<div class=meta>{e(src)} · {_date(date)} · "
                        f"{e(speaker)}{link}</div></blockquote>")
            out.append(
                f"<div class=item id=c{int(row.contradiction_id)}><span class='status {e(row.status)}'>{e(row.status)}</span>"
                f"<div class=kind>#{int(row.contradiction_id)} · {e(KIND_TITLES.get(row.kind, row.kind))}</div>"
                f"<div class=why>{e(row.reason)}</div>"
                + side(row.source_a, row.published_a, row.speaker_a, row.content_a, row.url_a)
                + side(row.source_b, row.published_b, row.speaker_b, row.content_b, row.url_b)
                + (f"<div class=meta>Note: {e(row.note)}</div>" if isinstance(row.note, str) and row.note else "")
                + "</div>"
            )
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


CSV_COLUMNS = ["contradiction_id", "kind", "status", "subject", "reason", "score", "claim_id_a", "claim_id_b",
               "speaker_a", "speaker_b", "source_a", "source_b", "published_a", "published_b", "url_a", "url_b",
               "content_a", "content_b", "note", "reviewed_at", "detected_at"]


def contradictions_csv(df: pd.DataFrame) -> str:
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
            lines.append(f"- #{row.contradiction_id} {row.kind}: {_md(row.reason)}")
        lines.append("")
    if summary.errors:
        lines += ["## Errors", ""] + [f"- {_md(item)}: {_md(msg)}" for item, msg in summary.errors] + [""]
    return "\n".join(lines)
