"""Pure claim logic: text in, frozen dataclasses out. No files, network, database or Prefect.

One subpackage per stage; imports run one way, from the later stage to the earlier, and the
shared modules at the top are read by every stage (checked by import-linter, see pyproject.toml):

    contradictions  → linking → extraction → speakers, quantities, stories → model, text, nlp, semantic, trained

- ``model``     the records every stage passes on (Article, Attribution, Claim, StoredClaim, ...)
- ``text``      the one stemmer, tokenizer, negation test and word lists (claims/data/lexicon.toml)
- ``nlp``       loading the spaCy pipeline
- ``semantic``  sentence vectors (WordLlama, weights from its wheel)
- ``trained``   the one checked loader of trained files (claims/data/*.json with their cards)
"""
