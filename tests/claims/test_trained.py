"""Trained models are package data with a model card; a missing or corrupt file is an error."""
from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from claims import trained as models
from claims.trained import ModelFileError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of claims/data that the loader reads instead of the installed one."""
    src = resources.files("claims") / "data"
    dst = tmp_path / "data"
    shutil.copytree(str(src), dst)
    monkeypatch.setattr(models, "FOLDER", str(dst))
    monkeypatch.setattr(models.resources, "files", lambda package: Path("/"))
    models.load_model.cache_clear()
    yield dst
    models.load_model.cache_clear()


def test_shipped_model_loads_and_matches_its_card():
    """The cue model loads; its card states training data, command, seed, date, dev scores and sha256."""
    from claims.extraction.cues import CueModel

    assert len(CueModel.load().weights) > 100
    for card in ("cue_model.md",):
        text = (resources.files("claims") / "data" / card).read_text(encoding="utf-8")
        for word in ("PolNeAR train", "bench/train_models.py", "seed", "date:", "PolNeAR dev", "sha256:"):
            assert word in text, (card, word)


def test_corrupt_model_file_is_a_clear_error(data_copy):
    """One changed byte: loading says which file is corrupt; the extractor does not start without it."""
    from claims.extraction.cues import CueModel
    from claims.extraction.extractor import Extractor

    path = data_copy / "cue_model.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError, match=r"cue_model\.json is corrupt"):
        CueModel.load()
    with pytest.raises(ModelFileError):
        Extractor()


def test_missing_model_file_is_a_clear_error(data_copy):
    """A deleted model file or card: the error names it and says how to get it back."""
    from claims.extraction.cues import CueModel

    (data_copy / "cue_model.md").unlink()
    with pytest.raises(ModelFileError, match=r"cue_model\.md is missing.*train_models\.py"):
        CueModel.load()
    (data_copy / "cue_model.json").unlink()
    with pytest.raises(ModelFileError, match=r"cue_model\.json is missing.*train_models\.py"):
        CueModel.load()


def test_no_python_file_holds_model_weights():
    """claims/cue_weights.py is gone and no Python file carries a table of learned numbers."""
    assert not (ROOT / "claims" / "cue_weights.py").exists()
    weight = re.compile(r"['\"][^'\"]+['\"]\s*:\s*-?\d+\.\d+")
    for py in list(ROOT.glob("claims/*.py")) + list(ROOT.glob("flows/*.py")) + list(ROOT.glob("bench/*.py")):
        assert len(weight.findall(py.read_text(encoding="utf-8"))) < 200, py


def test_features_never_name_a_person():
    """The cue model's features for "Zimmerman said ..." hold the speaker's kind, not the surname."""
    from claims.extraction.extractor import Extractor

    ex = Extractor()
    doc = ex.nlp("Senator Olga Zimmerman said the harbor deal was done.")
    found = ex.cue_candidates(doc)
    said = [c for c in found if c.candidate.cue_lemma == "say"]
    assert said, found
    feats = [f for c in found for f in c.features]
    assert not [f for f in feats if "zimmerman" in f.lower() or "olga" in f.lower()], feats
