"""Trained models shipped as package data (``claims/data/``), each with a model card beside it.

A model is a JSON file ``claims/data/<name>.json``; its card ``claims/data/<name>.md`` records the
training data, the command, the seed, the date, the dev scores and the file's sha256. Loading checks
the bytes against the card's sha256, so a missing, truncated or hand-edited file is a clear error
(:class:`ModelFileError`), never a silent fall back to rules. ``bench/train_models.py`` writes both.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

PACKAGE = "claims"
FOLDER = "data"


class ModelFileError(RuntimeError):
    """A shipped model file is missing, does not match its card, or cannot be read."""


_SHA = re.compile(r"sha256(?: of [\w.]+)?:\s*`?([0-9a-f]{64})`?")


def model_bytes(name: str, ext: str = "json") -> bytes:
    """The bytes of ``claims/data/<name>.<ext>``, checked against the sha256 in its card ``<name>.md``."""
    root = resources.files(PACKAGE) / FOLDER
    data_file, card_file = root / f"{name}.{ext}", root / f"{name}.md"
    try:
        data = data_file.read_bytes()
    except (FileNotFoundError, OSError) as err:
        raise ModelFileError(f"model file claims/data/{name}.{ext} is missing or unreadable ({err}); "
                             "reinstall claimtrack or run python bench/train_models.py") from None
    try:
        card = card_file.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError) as err:
        raise ModelFileError(f"model card claims/data/{name}.md is missing or unreadable ({err}); "
                             "reinstall claimtrack or run python bench/train_models.py") from None
    m = _SHA.search(card)
    if m is None:
        raise ModelFileError(f"model card claims/data/{name}.md states no sha256 of {name}.{ext}")
    got = hashlib.sha256(data).hexdigest()
    if got != m.group(1):
        raise ModelFileError(f"model file claims/data/{name}.{ext} is corrupt: sha256 {got[:12]}... "
                             f"does not match its card ({m.group(1)[:12]}...)")
    return data


@lru_cache(maxsize=8)
def load_model(name: str, kind: str) -> dict:
    """The parsed JSON of a shipped model whose ``"kind"`` must be ``kind``."""
    data = model_bytes(name)
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError(f"model file claims/data/{name}.json is not valid JSON: {err}") from None
    if not isinstance(obj, dict) or obj.get("kind") != kind:
        raise ModelFileError(f"model file claims/data/{name}.json is not a {kind!r} model")
    return obj
