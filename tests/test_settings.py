"""One source of defaults: config/defaults.toml and claims' settings dataclasses say the same; the typed
settings object (flows/settings.py) and what a user's file may do to it."""
from __future__ import annotations

import dataclasses
from dataclasses import MISSING, fields

import pytest

from claims.contradictions.detect import ContradictionSettings
from claims.extraction.extractor import ExtractSettings
from claims.speakers.identity import IdentitySettings
from claims.linking.clustering import MatchSettings
from claims.contradictions.reworded import VariantSettings
from claims.contradictions.grouping import GroupingSettings
from flows import settings as config
from claims.stories.grouping import StorySettings

#: Each section of defaults.toml that claims reads, with the dataclasses that read it.
READERS = {
    "extract": (ExtractSettings,),
    "matching": (MatchSettings, IdentitySettings),
    "contradictions": (ContradictionSettings,),
    "variants": (VariantSettings,),
    "disagreements": (GroupingSettings,),
    "stories": (StorySettings,),
}
#: Fields the code sets, not a user: a mode per command, or an experiment's switch.
NOT_SETTINGS = {"include_narration", "include_figures"}


@pytest.mark.parametrize("section", sorted(READERS))
def test_dataclass_defaults_are_the_shipped_defaults(section):
    """Every key of the section is a field of one of its dataclasses, with the same default value."""
    shipped = config.defaults()[section]
    by_name = {f.name: f for cls in READERS[section] for f in fields(cls)}
    assert set(shipped) <= set(by_name), f"[{section}] keys no dataclass reads: {set(shipped) - set(by_name)}"
    differ = {k: (v, by_name[k].default) for k, v in shipped.items() if by_name[k].default != v}
    assert not differ, f"[{section}] defaults.toml vs dataclass default: {differ}"
    retired = {k.split(".", 1)[1] for k in config.RETIRED if k.startswith(section + ".")}
    missing = {n for n, f in by_name.items() if f.default is not MISSING} - set(shipped) - NOT_SETTINGS - retired
    assert not missing, f"[{section}] settings with no line in defaults.toml: {missing}"


def test_library_default_is_what_the_cli_uses():
    """ExtractSettings() equals the settings the CLI builds from the shipped defaults."""
    shipped = config.load(None)
    assert shipped.build(ExtractSettings, "extract") == ExtractSettings()
    assert shipped.build(MatchSettings, "matching", also=(IdentitySettings,)) == MatchSettings()
    assert shipped.build(ContradictionSettings, "contradictions") == ContradictionSettings()


def test_a_key_no_one_reads_is_an_error_naming_it():
    """A section key that is no field of the dataclass (nor of another reader) is refused, not dropped."""
    settings = config.defaults()
    settings["contradictions"] = {**settings["contradictions"], "max_days_aprt": 3.0}
    with pytest.raises(config.ConfigError, match=r"contradictions\.max_days_aprt"):
        config.settings_for(ContradictionSettings, settings, "contradictions")
    with pytest.raises(config.ConfigError, match=r"matching\.first_name_similarity"):
        config.load(None).build(MatchSettings, "matching")  # the identity keys need their reader named


def test_user_file_overrides_reach_the_dataclass(tmp_path):
    """A user's value arrives typed in the dataclass; the others stay the shipped ones."""
    path = tmp_path / "settings.toml"
    path.write_text("[matching]\nmax_members = 12\nmin_same_story = 1\n[scale]\nstore_batch_articles = 7\n",
                    encoding="utf-8")
    settings = config.load(path)
    built = settings.build(MatchSettings, "matching", also=(IdentitySettings,))
    assert built.max_members == 12 and built.min_same_story == 1.0 and isinstance(built.min_same_story, float)
    assert built.top_candidates == MatchSettings().top_candidates
    assert settings.scale.store_batch_articles == 7 and settings.path == path


def test_settings_are_typed_and_frozen():
    """Each section is a frozen dataclass whose fields have their shipped defaults' types."""
    settings = config.load(None)
    assert isinstance(settings.database.busy_wait_seconds, float) and isinstance(settings.scale.dask_address, str)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.scale.dask_address = "tcp://x:1"
    changed = settings.replace("scale", store_batch_articles=3)
    assert changed.scale.store_batch_articles == 3 and settings.scale.store_batch_articles != 3
    assert {f.name: f.type for f in fields(settings.web)}["port"] is int


def test_a_retired_key_loads_with_a_note_and_a_wrong_key_is_an_error(tmp_path):
    """A key an older claimtrack read is ignored with a note; an unknown key is an error naming it."""
    old = tmp_path / "old.toml"
    old.write_text("[matching]\nsame_claim = 55\ncross_speaker = 70\nmin_shared_words = 3\nmax_members = 9\n",
                   encoding="utf-8")
    settings = config.load(old)
    assert settings.notes == tuple(f"matching.{k} is ignored (no longer used)"
                                   for k in ("same_claim", "cross_speaker", "min_shared_words"))
    assert settings.matching.max_members == 9 and not hasattr(settings.matching, "same_claim")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[matching]\nsame_clam = 55\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"matching\.same_clam"):
        config.load(wrong)


def test_no_shipped_setting_is_dead():
    """Every key of defaults.toml is read somewhere in claims/, warehouse/ or flows/ (as .key or ["key"])."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = "\n".join(p.read_text(encoding="utf-8") for room in ("claims", "warehouse", "flows")
                     for p in (root / room).rglob("*.py") if p.name != "settings.py")
    dead = [f"{section}.{key}" for section, values in config.defaults().items() for key in values
            if not re.search(rf"(\.{key}\b|[\"']{key}[\"'])", code)]
    assert not dead, dead


def test_the_settings_ship_without_a_config_package():
    """`config` is no importable name of claimtrack's: the TOML files are found beside flows."""
    import importlib.util

    assert config.config_file("defaults.toml").is_file()
    spec = importlib.util.find_spec("config")
    assert spec is None or not str(spec.origin or "").startswith(str(config.config_file("defaults.toml").parent))
