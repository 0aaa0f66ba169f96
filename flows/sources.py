"""Reading articles from what a user names: folders, files, JSON Lines, URLs.

Every reader returns the articles it could read and a list of
``(item, message)`` for what it could not, so one bad item never stops a run.
Notes are for items read with a caveat (another encoding, a date that could not
be read, text that does not look like English): the article is kept, the note
says what was done.

Limits: a file larger than any article may be (``4 × extract.max_chars`` bytes,
since a character takes at most four UTF-8 bytes) is refused before it is read,
and a JSON Lines file is read line by line with the same cap per line, so one
huge input never holds more than that in memory.
"""
from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from claims.model import Article
from warehouse.store import parse_published

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
REQUIRED_JSONL_FIELDS = ("outlet", "text")

#: Leading bytes of common binary formats, and the name a message gives them.
BINARY_SIGNATURES = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP or Office document"), (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"), (b"\xfd7zXZ\x00", "xz archive"), (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"), (b"\x7fELF", "executable"), (b"SQLite format 3", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"), (b"RIFF", "RIFF media"),
)
#: Share of control characters (other than tab, line breaks, form feed) above which decoded text is binary.
MAX_CONTROL_SHARE = 0.05
#: Bytes looked at to tell text from binary.
SNIFF_BYTES = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
#: The most frequent English words; news text in English has roughly a third of its words among them.
_ENGLISH = frozenset(
    "the of and to a in is that for on was with he it as said by at from his be have are has not this but an they"
    " who were had which their its been will would after more one about new also or we i she her our there than"
    " what when if can up out over into".split()
)
#: Share of common English words below which a text is noted as probably not English (English news
#: measured at least 0.24 on PolNeAR dev and xsource event A; invented French 0.07, Dutch 0.05, Spanish 0.02).
MIN_ENGLISH_SHARE = 0.12


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


def max_file_bytes(max_chars: int) -> int:
    """The largest file (or JSON line) that can hold an article of ``max_chars`` characters."""
    return 4 * max_chars + 65536


def binary_kind(head: bytes) -> str | None:
    """What binary format ``head`` (a file's first bytes) looks like; None for text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, name in BINARY_SIGNATURES:
        if head.startswith(magic):
            return name
    if b"\x00" in head[:SNIFF_BYTES]:
        return "NUL bytes"
    return None


def decode(raw: bytes, item: str, result: ReadResult) -> str | None:
    """The text of a file, or None (with an error) when it is binary.

    UTF-8 is read as is (a byte-order mark dropped); UTF-16 with a byte-order mark
    is decoded as UTF-16; text with no valid UTF-8 multi-byte character that
    decodes as Windows-1252 is read as Windows-1252; anything else is read as
    UTF-8 with undecodable bytes replaced by U+FFFD. Each fallback adds a note
    saying which was done.
    """
    kind = binary_kind(raw[:SNIFF_BYTES])
    if kind:
        result.errors.append((item, f"binary file ({kind}), not text: skipped"))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
        result.notes.append((item, "UTF-16 text (byte-order mark): decoded as UTF-16"))
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _not_utf8(raw, exc, item, result)
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        result.errors.append((item, "binary file (control characters), not text: skipped"))
        return None
    return text


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, item: str, result: ReadResult) -> str:
    replaced = raw.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - raw.count("\ufffd".encode("utf-8"))
    valid_multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if valid_multibyte == 0:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            result.notes.append((item, f"not valid UTF-8 (byte {exc.start}): decoded as Windows-1252 (cp1252)"))
            return text
    result.notes.append(
        (item, f"not valid UTF-8 ({bad} undecodable byte sequence(s), first at byte {exc.start}): replaced with U+FFFD")
    )
    return replaced


def english_share(text: str) -> float | None:
    """Share of a text's words that are common English words (None when it is too short to tell)."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 200:
        return None
    if sum(1 for ch in letters if ch.isascii()) < 0.5 * len(letters):
        return 0.0  # mostly another script
    words = _WORD.findall(sample)
    if len(words) < 40:
        return None
    return sum(1 for w in words if w.lower() in _ENGLISH) / len(words)


def _check_text(text: str, item: str, result: ReadResult, max_chars: int) -> bool:
    if not text.strip():
        result.errors.append((item, "empty article (no text, or only whitespace): skipped"))
        return False
    if len(text) > max_chars:
        result.errors.append(
            (item, f"article has {len(text):,} characters, over the limit of {max_chars:,} (extract.max_chars): skipped")
        )
        return False
    share = english_share(text)
    if share is not None and share < MIN_ENGLISH_SHARE:
        result.notes.append((item, f"text does not look like English ({share:.0%} common English words): "
                                   "processed anyway; the English extractor may find few or no claims"))
    return True


def _check_date(value: str | None, item: str, result: ReadResult) -> str | None:
    """The date as given when it can be read; else None, with a note."""
    if value is None or not str(value).strip():
        return None
    if parse_published(value) is None:
        shown = str(value) if len(str(value)) <= 60 else str(value)[:57] + "..."
        result.notes.append((item, f"date {shown!r} could not be read: stored without a date"))
        return None
    return value


def _clean(value: str, what: str, item: str, result: ReadResult) -> str:
    """A string the warehouse can store: lone surrogates (from JSON escapes) become U+FFFD, lengths kept."""
    if _SURROGATE.search(value):
        result.notes.append((item, f"{what} has unpaired surrogate escapes (invalid Unicode): each replaced with U+FFFD"))
        return _SURROGATE.sub("\ufffd", value)
    return value


def _read_file(path: Path, max_chars: int, result: ReadResult) -> bytes | None:
    """A file's bytes, or None (with an error) when it cannot be read or is larger than an article may be."""
    try:
        size = path.stat().st_size
        if size > max_file_bytes(max_chars):
            result.errors.append((str(path), f"file of {size:,} bytes is larger than an article may be "
                                             f"(extract.max_chars = {max_chars:,} characters): skipped unread"))
            return None
        return path.read_bytes()
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror or exc}"))
        return None


def read_text_file(path: Path, max_chars: int) -> ReadResult:
    result = ReadResult()
    raw = _read_file(path, max_chars, result)
    if raw is None:
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
    import trafilatura  # lazy: costs ~0.3 s and only HTML input needs it

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
    raw = _read_file(path, max_chars, result)
    if raw is None:
        return result
    html = decode(raw, str(path), result)
    if html is None:
        return result
    if not html.strip():
        result.errors.append((str(path), "empty article (no text, or only whitespace): skipped"))
        return result
    try:
        article, why = html_to_article(html, str(path), path.resolve().as_uri(), path.parent.name or "local", "file")
    except Exception as exc:  # trafilatura/lxml on a pathological page
        article, why = None, f"page could not be parsed ({type(exc).__name__})"
    if article is None:
        result.errors.append((str(path), why or "unreadable page"))
    elif _check_text(article.text, str(path), result, max_chars):
        result.articles.append(Article(**{**article.__dict__,
                                          "published": _check_date(article.published, str(path), result)}))
    return result


def _jsonl_lines(path: Path, cap: int, result: ReadResult) -> Iterable[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when over ``cap``, size) for each line, holding at most ``cap`` bytes."""
    with path.open("rb") as fh:
        kind = binary_kind(fh.read(SNIFF_BYTES))
        if kind:
            result.errors.append((str(path), f"binary file ({kind}), not JSON Lines: skipped"))
            return
        fh.seek(0)
        number = 0
        while True:
            line = fh.readline(cap + 1)
            if not line:
                return
            number += 1
            if len(line) > cap and not line.endswith(b"\n"):
                size = len(line)
                while True:
                    more = fh.readline(1 << 20)
                    size += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield number, None, size
                continue
            yield number, line, len(line)


def read_jsonl(path: Path, max_chars: int) -> ReadResult:
    """Articles from JSON Lines {id, outlet, url, published, title?, text}; url and text kept exactly.

    Each bad line is named with its number and skipped; the good lines are read.
    """
    result = ReadResult()
    cap = max_file_bytes(max_chars)
    try:
        for number, raw, size in _jsonl_lines(path, cap, result):
            item = f"{path}:{number}"
            if raw is None:
                result.errors.append((item, f"line of {size:,} bytes is larger than an article may be "
                                            f"(extract.max_chars = {max_chars:,} characters): line skipped"))
                continue
            _jsonl_line(raw, number, item, max_chars, result)
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror or exc}"))
    return result


def _jsonl_line(raw: bytes, number: int, item: str, max_chars: int, result: ReadResult) -> None:
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if not raw.strip():
        return
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.decode("utf-8", errors="replace")
        result.notes.append((item, f"not valid UTF-8 (byte {exc.start} of the line): undecodable bytes replaced "
                                   "with U+FFFD"))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        why = exc.msg.removesuffix(" at").removesuffix(":")
        result.errors.append((item, f"not valid JSON ({why}, column {exc.colno}): line skipped"))
        return
    except RecursionError:
        result.errors.append((item, "not valid JSON (nested too deeply): line skipped"))
        return
    if not isinstance(obj, dict):
        result.errors.append((item, f"expected a JSON object, got {_json_type(obj)}: line skipped"))
        return
    missing = [k for k in REQUIRED_JSONL_FIELDS if not isinstance(obj.get(k), str)]
    if missing:
        what = ", ".join(f"{k} ({'missing' if k not in obj else _json_type(obj[k])})" for k in missing)
        result.errors.append((item, f"field(s) {what} must be text: line skipped"))
        return
    text = _clean(obj["text"], "text", item, result)
    if not _check_text(text, item, result, max_chars):
        return
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        published = str(published)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    result.articles.append(Article(
        source=_clean(obj["outlet"], "outlet", item, result).strip() or "unknown", text=text,
        url=_clean(url, "url", item, result) if url else None,
        title=_clean(title, "title", item, result) if title else None,
        published=_check_date(_clean(published, "published", item, result) if published else None, item, result),
        origin=item, external_id=_clean(str(obj["id"]), "id", item, result) if obj.get("id") is not None else None,
        source_kind="jsonl",
    ))


def _json_type(value) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def read_path(path: Path, max_chars: int) -> ReadResult:
    """One file, or every readable file in a folder (recursively, in name order)."""
    result = ReadResult()
    try:
        if path.is_dir():
            files, others = [], []
            for p in sorted(path.rglob("*")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    (files if p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES else others).append(p)
            for p in others:
                result.notes.append((str(p), f"unsupported file type '{p.suffix.lower() or '(none)'}' in a folder "
                                             "(only .txt, .html and .jsonl are read): not read"))
            if not files:
                result.errors.append((str(path), "folder has no .txt, .html or .jsonl files"))
            for f in files:
                result.extend(read_path(f, max_chars))
            return result
        if not path.exists():
            result.errors.append((str(path), "no such file or folder"))
            return result
        if not path.is_file():
            result.errors.append((str(path), "not a regular file: skipped"))
            return result
    except OSError as exc:
        result.errors.append((str(path), f"cannot read: {exc.strerror or exc}"))
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
