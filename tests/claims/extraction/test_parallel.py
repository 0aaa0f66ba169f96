"""Extraction in worker processes gives what one process gives, article by article, in input order."""
from __future__ import annotations

import pytest

from claims.extraction.extractor import Extractor, ExtractSettings
from claims.extraction.parallel import batches

TEXTS = [
    "Mayor Ines Varga said the Tollbridge would reopen in May. Engineers disputed that.",
    "“We will not raise the ferry fare,” Councillor Bram Osei told reporters on Tuesday.",
    "",
    "According to the harbour office, 42 ships were delayed. Osei denied that any ship was delayed.",
    "The storm closed the port for three days, officials said.\n\n“It was the worst in a decade,” said Varga.",
] * 3


def test_batches_cover_every_text_once_in_order():
    for workers, most in ((1, 32), (2, 2), (2, 1), (4, 100)):
        ranges = batches(TEXTS, workers, most)
        assert [i for a, b in ranges for i in range(a, b)] == list(range(len(TEXTS)))
        assert all(0 < b - a <= most for a, b in ranges)


@pytest.mark.slow
def test_two_worker_processes_give_the_same_claims_as_one():
    one = Extractor(ExtractSettings(n_process=1)).extract_many(TEXTS)
    two = Extractor(ExtractSettings(n_process=2, batch_size=2, parallel_min_words=0)).extract_many(TEXTS)
    assert two == one
    assert any(found.claims for found in two)


OUTLETS = ["Harbour Gazette", "Valley Post", "", "Harbour Gazette", "Coast Radio"] * 3


@pytest.mark.slow
def test_batches_started_ahead_give_what_one_process_gives():
    """Texts handed to the pool before anyone asks come back as one process extracts and finishes them;
    asked for other texts, the pool extracts those instead."""
    from claims.extraction.parallel import extract_parallel, finish_article, prestart

    one = Extractor(ExtractSettings(n_process=1, include_narration=True)).extract_many(TEXTS)
    want = [finish_article(t, o, f) for t, o, f in zip(TEXTS, OUTLETS, one)]
    settings = ExtractSettings(n_process=2, batch_size=2, include_narration=True)
    prestart(settings, TEXTS, OUTLETS, make=Extractor)
    assert extract_parallel(settings, TEXTS, OUTLETS, make=Extractor) == want
    assert any(c.claimant_kind for found in want for c in found.claims)

    prestart(settings, TEXTS, OUTLETS, make=Extractor)
    others = list(reversed(TEXTS))
    assert extract_parallel(settings, others, make=Extractor) == list(reversed(one))
