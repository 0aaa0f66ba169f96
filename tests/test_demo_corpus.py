"""Checks on the bundled demo corpus file itself (no extraction, no database).

The designed facts are read from flows/demo_corpus/README.md, so the README and the
corpus cannot drift apart silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[1] / "flows" / "demo_corpus"
ARTICLES = CORPUS_DIR / "articles.jsonl"
README = CORPUS_DIR / "README.md"

KEYS = {"id", "outlet", "url", "published", "title", "text"}
FACT_LINE = re.compile(r"^- `([a-z]{2}-\d{3})`: `(.+)`$")
# Designed fact heading -> how many sentences it must list.
EXPECTED_FACTS = {1: 3, 2: 2, 3: 2, 4: 2}


def _articles() -> list[dict]:
    rows = []
    for n, line in enumerate(ARTICLES.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:  # pragma: no cover - message only
            pytest.fail(f"line {n} is not JSON: {e}")
    return rows


def _designed_facts() -> dict[int, list[tuple[str, str]]]:
    """Parse README '## Designed facts' into {fact number: [(article id, sentence)]}."""
    facts: dict[int, list[tuple[str, str]]] = {}
    in_section = False
    current: int | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.strip() == "## Designed facts"
            current = None
            continue
        if not in_section:
            continue
        heading = re.match(r"^### (\d+)\.", line)
        if heading:
            current = int(heading.group(1))
            facts[current] = []
            continue
        m = FACT_LINE.match(line)
        if m and current is not None:
            facts[current].append((m.group(1), m.group(2)))
    return facts


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return _articles()


@pytest.fixture(scope="module")
def by_id(articles) -> dict[str, dict]:
    return {a["id"]: a for a in articles}


def test_every_line_is_an_article_with_the_keys(articles):
    assert 7 <= len(articles) <= 9
    for a in articles:
        assert isinstance(a, dict)
        assert set(a) == KEYS, f"{a.get('id')}: keys {sorted(a)}"
        for k in KEYS:
            assert isinstance(a[k], str) and a[k].strip(), f"{a['id']}: empty {k}"


def test_ids_and_urls_are_unique(articles):
    ids = [a["id"] for a in articles]
    urls = [a["url"] for a in articles]
    assert len(ids) == len(set(ids))
    assert len(urls) == len(set(urls))


def test_fields_are_well_formed(articles):
    for a in articles:
        assert re.fullmatch(r"[a-z]{2}-\d{3}", a["id"]), a["id"]
        assert a["url"].startswith("https://"), a["id"]
        # Invented domains only: the reserved .example TLD.
        host = a["url"].split("/")[2]
        assert host.endswith(".example"), a["id"]
        dt.date.fromisoformat(a["published"])
        words = len(a["text"].split())
        assert 150 <= words <= 350, f"{a['id']}: {words} words"
        assert "\n\n" in a["text"], f"{a['id']}: no paragraphs"


def test_readme_lists_the_designed_facts():
    facts = _designed_facts()
    assert {k: len(v) for k, v in facts.items()} == EXPECTED_FACTS


@pytest.mark.parametrize(
    "fact,article_id,sentence",
    [(f, aid, s) for f, pairs in sorted(_designed_facts().items()) for aid, s in pairs],
)
def test_designed_sentence_occurs_in_its_article(by_id, fact, article_id, sentence):
    assert article_id in by_id, f"fact {fact}: no article {article_id}"
    assert sentence in by_id[article_id]["text"], f"fact {fact}: not in {article_id}: {sentence}"


def test_designed_pairs_come_from_different_outlets(by_id):
    for fact, pairs in _designed_facts().items():
        outlets = [by_id[aid]["outlet"] for aid, _ in pairs]
        assert len(set(outlets)) == len(outlets), f"fact {fact}: outlets repeat"
