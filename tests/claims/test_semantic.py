"""Meaning offline: WordLlama's bundled weights load with no network, and the merge model is data."""
import json
import os
import subprocess
import sys

from claims.linking.pair_model import FEATURES, shipped_model


def test_embeddings_load_offline_and_tell_paraphrase_from_unrelated():
    """In a process with every hub download disabled, a paraphrase scores far above an unrelated sentence."""
    code = ("from claims.semantic import cosine;"
            "a = 'Putin rejected a 30-60 day ceasefire';"
            "print(cosine(a, 'the Russian leader turned down a ceasefire of 30 to 60 days'),"
            " cosine(a, 'the city council approved a new budget for schools'))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "no_proxy": "*",
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    para, unrelated = map(float, done.stdout.split())
    assert para > 0.5 and para > unrelated + 0.3


def test_shipped_merge_model_is_a_data_file_with_its_card():
    """merge_model.json names the features this code computes; its card says how it was made."""
    from importlib import resources

    data = json.loads(resources.files("claims").joinpath("data/merge_model.json").read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    card = resources.files("claims").joinpath("data/merge_model.md").read_text(encoding="utf-8")
    assert "Leave-one-event-out" in card and "sha256" in card
    assert 0 < shipped_model().threshold < 1
