"""How extraction runs: one frozen settings record (``[extract]`` in config/defaults.toml)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractSettings:
    batch_size: int = 32  # texts per nlp.pipe batch
    n_process: int = 2  # worker processes that each parse and extract a share of the texts, for large inputs
    parallel_min_words: int = 40_000  # input words below which one process is faster than starting more
    include_narration: bool = False  # also emit the outlet's own unattributed statements
    include_figures: bool = False  # also read every figure of the text (ArticleClaims.figures), by the parse's sentences
    propositions: bool = True  # split claims into propositions with the parse and read their structure
    max_chars: int = 200_000  # characters of an article read; the rest is ignored
    min_quote_words: int = 2  # words a quote needs to be a content on its own
    max_colon_speaker_words: int = 5  # words before ":" that can be a speaker ("PENCE:", "Poll:")
    max_quote_gap_chars: int = 3  # characters (punctuation, space) between a quote and its cue clause
    chunk_chars: int = 200_000  # longest piece given to spaCy at once; longer texts split at paragraphs
    use_ner: bool = True  # run NER (person names for speaker resolution)
    use_model: bool = True  # score cue candidates with the trained cue model (claims/data/cue_model.json)
    min_cue_prob: float = 0.5  # cue-model probability a verb needs to count as an attribution cue
    object_content_to_clause_end: bool = True  # an object content runs on to the end of the verb phrase
