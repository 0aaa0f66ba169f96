"""The running word counts the merge model weighs words by (issue 23): counted per claim, added run by run."""
from __future__ import annotations

from claims.linking.pair_model import with_new, word_counts


def test_a_word_counts_once_per_claim():
    counts = word_counts(["The ferry halted sailings and halted cargo.",
                          "Harbour officials said the ferry would sail on Monday.", ""])
    assert counts["ferry"] == 2
    assert counts["halt"] == 1  # twice in one claim: one claim holds it
    assert counts["harbour"] == 1
    assert "the" not in counts and "" not in counts


def test_new_claims_add_to_what_the_warehouse_counted():
    counted, claims = {"ferry": 5, "strike": 2}, 9
    fresh = word_counts(["The dockers' strike closed the port."])
    got, total = with_new(counted, claims, fresh, 1)
    assert total == 10
    assert got["strike"] == 3 and got["ferry"] == 5 and got["port"] == 1
    assert counted == {"ferry": 5, "strike": 2}  # the stored counts are not changed in place
