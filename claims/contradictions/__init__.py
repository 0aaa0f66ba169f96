"""Contradictions: claims of one story that cannot all be true.

``detect`` runs every rule over stored claims (``detect_contradictions``); ``rules`` holds the rules
by structure (numbers, opposite positions, attributions); ``reworded`` compares figures told in
other words (numbers by meaning).

May import: ``claims.linking``, ``claims.quantities``, ``claims.speakers`` and the shared top modules.
"""
