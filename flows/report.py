"""Turning warehouse rows into what people read: markdown, HTML, CSV.

The frames come from ``warehouse.review.report`` (one row per contradiction with
both sides' outlet, date, URL, speaker, claim and sentence, plus ``evidence``:
the pairs attached after a decision). Older frames without the sentence or
evidence columns render too. Every scraped string is escaped: a headline
holding ``<script>`` is shown as text, never run.
"""
from __future__ import annotations

import html
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .pipeline import RunSummary

KIND_TITLES = {
    "numeric": "Numbers disagree",
    "polarity": "Opposite positions",
    "attribution": "Same words, different speaker",
    "changed": "Position changed over time",
}
STATUS_ORDER = ("open", "confirmed", "dismissed")


def _blank(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _get(row, name: str, default: Any = None) -> Any:
    value = getattr(row, name, default)
    if isinstance(value, (list, tuple, dict)):
        return value
    return default if _blank(value) else value


def _date(value) -> str:
    if _blank(value):
        return "undated"
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return str(value)


def _time(value) -> str:
    if _blank(value):
        return ""
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return str(value)


def _md(text) -> str:
    """Markdown-safe one-line text (scraped text must not become markup)."""
    if _blank(text):
        return ""
    s = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def _url(value) -> str | None:
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def _side(row, s: str) -> dict:
    """One side of a contradiction (s: "a" or "b") as plain values."""
    return {
        "source": _get(row, f"source_{s}", "unknown outlet"),
        "speaker": _get(row, f"speaker_{s}", ""),
        "date": _date(_get(row, f"published_{s}")),
        "url": _get(row, f"url_{s}"),
        "content": _get(row, f"content_{s}", "") or _get(row, f"text_{s}", ""),
        "sentence": _get(row, f"sentence_{s}", ""),
        "quote_type": _get(row, f"quote_type_{s}", ""),
    }


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
                f"**Why:** {_md(row.reason)}",
                "",
            ]
            for s in ("a", "b"):
                side = _side(row, s)
                link = f" <{_md(side['url'])}>" if side["url"] else ""
                lines.append(f"- **{_md(side['source'])}** ({side['date']}), {_md(_who(side))}: "
                             f"“{_md(side['sentence'] or side['content'])}”{link}")
            meta = f"- score {float(_get(row, 'score', 0.0)):.2f}"
            if _get(row, "note"):
                meta += f"; note: {_md(row.note)}"
            if _get(row, "reviewed_at") is not None:
                meta += f"; reviewed {_time(row.reviewed_at)}"
            lines.append(meta)
            for ev in _evidence(row):
                lines.append(f"- more evidence: {_md(ev.get('reason'))} "
                             f"({_md(ev.get('source_a'))} / {_md(ev.get('source_b'))})")
            lines.append("")
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:64rem;margin:0 auto;padding:1.5rem 1rem 3rem;
color:#1d1d1f;line-height:1.45;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0} h2{font-size:1.2rem;border-bottom:2px solid #e3e3e3;padding-bottom:.3rem;margin-top:2.2rem}
.lead{color:#444;margin:.2rem 0 1rem} nav ul{columns:2;padding-left:1.2rem;margin:.4rem 0} nav a{color:#0645ad}
.item{border:1px solid #d9d9d9;border-radius:10px;padding:.8rem 1rem;margin:1rem 0;background:#fbfbfb}
.item.dismissed{opacity:.7}
.head{display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
.kind{font-weight:650} .id{color:#666;font-size:.9rem}
.badge{font-size:.8rem;padding:.1rem .55rem;border-radius:1rem;background:#eee;margin-left:auto}
.badge.open{background:#fde2e2;color:#8a1c1c} .badge.confirmed{background:#dcecfb;color:#0b4a85}
.badge.dismissed{background:#e8e8e8;color:#444}
.why{margin:.5rem 0 .7rem;font-size:1.05rem;font-weight:550}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
@media (max-width:40rem){.sides{grid-template-columns:1fr}}
.side{background:#fff;border:1px solid #e6e6e6;border-left:4px solid #9aa7b8;border-radius:6px;padding:.5rem .7rem}
.side .who{font-size:.85rem;color:#555;margin-bottom:.3rem} .side .outlet{font-weight:600;color:#1d1d1f}
.side blockquote{margin:0;font-size:.95rem} mark{background:#fff1b8;padding:0 .1rem}
.meta{font-size:.85rem;color:#555;margin-top:.5rem} .evidence{margin:.5rem 0 0;font-size:.88rem}
.evidence li{margin:.2rem 0} a{color:#0645ad}
"""


def _e(value) -> str:
    return "" if _blank(value) else html.escape(str(value), quote=True)


def _highlight(sentence: str, content: str) -> str:
    """The sentence, escaped, with the claim's own words marked when they are in it."""
    sentence = " ".join(str(sentence or "").split())
    content = " ".join(str(content or "").split()).strip(" “”\"'")
    if not sentence:
        return _e(content)
    at = sentence.find(content) if content else -1
    if at < 0 or not content:
        return _e(sentence)
    end = at + len(content)
    return f"{_e(sentence[:at])}<mark>{_e(sentence[at:end])}</mark>{_e(sentence[end:])}"


def _side_html(side: dict) -> str:
    url = _url(side["url"])
    link = f" · <a href=\"{_e(url)}\" rel=\"noreferrer noopener\">article</a>" if url else ""
    return (
        f"<div class=side><div class=who><span class=outlet>{_e(side['source'])}</span> · {_e(side['date'])} · "
        f"{_e(_who(side))}{link}</div>"
        f"<blockquote>{_highlight(side['sentence'], side['content'])}</blockquote></div>"
    )


def _anchor(i: int) -> str:
    return f"s{i}"


def contradictions_html(df: pd.DataFrame, title: str = "Contradictions") -> str:
    """One self-contained page grouped by subject; every scraped string is escaped."""
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content=\"width=device-width, initial-scale=1\">",
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p class=lead>{_e(_summary_line(df))}; generated {datetime.now():%Y-%m-%d %H:%M}.</p>",
    ]
    if df.empty:
        out.append("<p>Nothing to review.</p></body></html>")
        return "\n".join(out)
    groups = list(_groups(df))
    out.append("<nav><strong>Subjects</strong><ul>")
    for i, (subject, group) in enumerate(groups):
        out.append(f"<li><a href=\"#{_anchor(i)}\">{_e(subject)}</a> ({len(group)})</li>")
    out.append("</ul></nav>")
    for i, (subject, group) in enumerate(groups):
        out.append(f"<section id={_anchor(i)}><h2>{_e(subject)}</h2>")
        for row in group.itertuples(index=False):
            status = str(row.status)
            meta = [f"score {float(_get(row, 'score', 0.0)):.2f}"]
            if _get(row, "detected_at") is not None:
                meta.append(f"found {_e(_time(row.detected_at))}")
            if _get(row, "reviewed_at") is not None:
                meta.append(f"reviewed {_e(_time(row.reviewed_at))}")
            note = _get(row, "note")
            evidence = _evidence(row)
            ev_html = ""
            if evidence:
                items = "".join(
                    f"<li>{_e(ev.get('reason'))} — {_e(ev.get('source_a'))} / {_e(ev.get('source_b'))}"
                    f" ({_e(_time(ev.get('added_at')))})</li>" for ev in evidence)
                ev_html = f"<div class=evidence><strong>More evidence since the decision</strong><ul>{items}</ul></div>"
            out.append(
                f"<article class=\"item {_e(status)}\" id=c{int(row.contradiction_id)}>"
                f"<div class=head><span class=kind>{_e(KIND_TITLES.get(row.kind, row.kind))}</span>"
                f"<span class=id>#{int(row.contradiction_id)}</span>"
                f"<span class=\"badge {_e(status)}\">{_e(status)}</span></div>"
                f"<div class=why>{_e(row.reason)}</div>"
                f"<div class=sides>{_side_html(_side(row, 'a'))}{_side_html(_side(row, 'b'))}</div>"
                f"<div class=meta>{' · '.join(meta)}</div>"
                + (f"<div class=meta>Reviewer note: {_e(note)}</div>" if note else "")
                + ev_html + "</article>"
            )
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = ["contradiction_id", "kind", "status", "subject", "reason", "score", "claim_id_a", "claim_id_b",
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
