"""Stories: articles about one news event, grouped as they arrive.

``grouping`` places each article in the story it matches best (TF-IDF cosine of its words against
each open story's centroid, document frequencies a running count over the warehouse plus a shipped
prior, claims/data/story_prior.json; a time window), or starts a story; ids are given once and never
change. Claims are clustered and compared only inside their story (``StoredClaim.story_id``).

Pure: the state (``Story``, ``Frequencies``) is handed in and read back; warehouse/stories.py stores it.

May import: the shared top modules (``claims.model``, ``claims.text``) only.
"""
