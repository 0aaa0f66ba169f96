"""Linking: the same claim told by different outlets joins one cluster.

``clustering`` places claims in clusters (one at a time, ``cluster_claims``, or in bulk,
``cluster_in_bulk``: the same clusters); ``pair_model`` holds the learned merge model
(claims/data/merge_model.json) and the pair features it reads; ``guards`` are what keeps two claims
apart whatever their likeness (opposite stance, negation, antonym, figures that cannot both hold).

May import: ``claims.quantities`` and the shared top modules. Not extraction or contradictions.
"""
