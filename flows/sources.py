"""Reading articles from what a user names: folders, files, JSON Lines, URLs.

Every reader returns the articles it could read and a list of
``(item, message)`` for what it could not, so one bad item never stops a run.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from claims.model import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
REQUIRED_JSONL_FIELDS = ("outlet", "text")


@dataclass
class ReadResult:
    """Articles read from the sources, and one message per item that failed."""

    articles: list[Article] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.articles.extend(other.articles)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)


def decode(raw: bytes, item: str, result: ReadResult) -> str | None:
    """UTF-8 text of a file; other encodings are read with replacement and said so."""
    if b"\x00" in raw[:8192]:
        result.errors.append((item, "binary file, not text: skipped"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        result.notes.append((item, f"not valid UTF-8 (byte {exc.start}): undecodable bytes replaced"))
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _check_text(text: str, item: str, result: ReadResult, max_chars: int) -> bool:
    if not text.strip():
        result.errors.append((item, "empty article: skipped"))
        return False
    if len(text) > max_chars:
        result.errors.append(
            (item, f"article has {len(text):,} characters, over the limit of {max_chars:,} (extract.max_chars): skipped")
        )
        return False
    return True


def read_text_file(path: Path, max_chars: int) -> ReadResult:
    result = ReadResult()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror}"))
        return result
    text = decode(raw, str(path), result)
    if text is None or not _check_text(text, str(path), result, max_chars):
        return result
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    result.articles.append(Article(
        source=path.parent.name or "local", text=text, url=path.resolve().as_uri(),
        title=first[:200] if len(first) <= 200 else None, origin=str(path), source_kind="file",
    ))
    return result


def html_to_article(html: str, item: str, url: str | None, default_source: str, kind: str) -> tuple[Article | None, str | None]:
    """Article text and metadata from a page, by trafilatura; (None, why) when there is none."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return None, "no article text found in the page"
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return None, "no article text found in the page"
    source = getattr(doc, "sitename", None) or default_source
    return Article(source=source, text=text, url=url, title=getattr(doc, "title", None),
                   published=getattr(doc, "date", None), origin=item, source_kind=kind), None


def read_html_file(path: Path, max_chars: int) -> ReadResult:
    result = ReadResult()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror}"))
        return result
    html = decode(raw, str(path), result)
    if html is None:
        return result
    if not html.strip():
        result.errors.append((str(path), "empty article: skipped"))
        return result
    article, why = html_to_article(html, str(path), path.resolve().as_uri(), path.parent.name or "local", "file")
    if article is None:
        result.errors.append((str(path), why or "unreadable page"))
    elif _check_text(article.text, str(path), result, max_chars):
        result.articles.append(article)
    return result


def read_jsonl(path: Path, max_chars: int) -> ReadResult:
    """Articles from JSON Lines {id, outlet, url, published, title?, text}; url and text kept exactly."""
    result = ReadResult()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror}"))
        return result
    content = decode(raw, str(path), result)
    if content is None:
        return result
    for number, line in enumerate(content.split("\n"), start=1):
        item = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.errors.append((item, f"not valid JSON ({exc.msg} at column {exc.colno}): line skipped"))
            continue
        if not isinstance(obj, dict):
            result.errors.append((item, f"expected a JSON object, got {type(obj).__name__}: line skipped"))
            continue
        missing = [k for k in REQUIRED_JSONL_FIELDS if not isinstance(obj.get(k), str)]
        if missing:
            result.errors.append((item, f"missing or non-text field(s) {', '.join(missing)}: line skipped"))
            continue
        if not _check_text(obj["text"], item, result, max_chars):
            continue
        published = obj.get("published")
        result.articles.append(Article(
            source=obj["outlet"], text=obj["text"], url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            title=obj.get("title") if isinstance(obj.get("title"), str) else None,
            published=str(published) if published not in (None, "") else None,
            origin=item, external_id=str(obj["id"]) if obj.get("id") is not None else None, source_kind="jsonl",
        ))
    return result


def read_path(path: Path, max_chars: int) -> ReadResult:
    """One file, or every readable file in a folder (recursively, in name order)."""
    result = ReadResult()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in
                       TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES)
        if not files:
            result.errors.append((str(path), "folder has no .txt, .html or .jsonl files"))
        for f in files:
            result.extend(read_path(f, max_chars))
        return result
    if not path.exists():
        result.errors.append((str(path), "no such file or folder"))
        return result
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path, max_chars)
    if suffix in HTML_SUFFIXES:
        return read_html_file(path, max_chars)
    if suffix in TEXT_SUFFIXES or suffix == "":
        return read_text_file(path, max_chars)
    result.errors.append((str(path), f"unsupported file type '{suffix}' (use .txt, .html or .jsonl)"))
    return result


def is_url(source: str) -> bool:
    return "://" in source


def read_sources(sources: Iterable[str], settings: dict) -> ReadResult:
    """Read every source; URLs go through flows.fetch, everything else is a path."""
    max_chars = settings["extract"]["max_chars"]
    result = ReadResult()
    for source in sources:
        if is_url(source):
            from .fetch import read_url

            result.extend(read_url(source, settings))
        else:
            result.extend(read_path(Path(source), max_chars))
    return result
