"""Extraction: an article's text → its attributions (speaker, cue, content as written) and the atomic
claims split from them, plus the outlet's own statements (narration).

Entry point: ``extractor.Extractor`` (``extract_many``); ``parallel`` runs it in worker processes.
Stages inside: ``chunks``/``wire`` (text pieces, furniture), ``quotes``/``quote_runs`` (quotation
marks), ``parsed`` (one parsed text), ``verb_cues``/``phrase_cues``/``cue_features``/``cues`` (cue rules
and the cue model), ``records`` (attribution records), ``splitting`` (atomic claims), ``narration``.

May import: ``claims.speakers``, ``claims.quantities`` and the shared top modules. Not linking or
contradictions.
"""
