"""Speakers: who a claim is attributed to.

``resolution`` names the speaker inside one article (pronouns, surnames, titles), ``identity`` keeps
one canonical speaker across articles (aliases, spellings), ``claimants`` gives each claim its
claimant kind (person, organization, outlet) and side (claims/data/sides.tsv).

May import: the shared top modules only (``claims.model``, ``claims.text``, ``claims.nlp``).
"""
