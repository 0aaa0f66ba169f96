"""One source of defaults: config/defaults.toml and claims' settings dataclasses say the same."""
from __future__ import annotations

from dataclasses import MISSING, fields

import pytest

import config
from claims.contradictions.detect import ContradictionSettings
from claims.extraction.extractor import ExtractSettings
from claims.speakers.identity import IdentitySettings
from claims.linking.clustering import MatchSettings
from claims.contradictions.reworded import VariantSettings
from claims.contradictions.grouping import GroupingSettings

#: Each section of defaults.toml that claims reads, with the dataclasses that read it.
READERS = {
    "extract": (ExtractSettings,),
    "matching": (MatchSettings, IdentitySettings),
    "contradictions": (ContradictionSettings,),
    "variants": (VariantSettings,),
    "disagreements": (GroupingSettings,),
}
#: Fields the code sets, not a user: a mode per command, or an experiment's switch.
NOT_SETTINGS = {"include_narration"}


@pytest.mark.parametrize("section", sorted(READERS))
def test_dataclass_defaults_are_the_shipped_defaults(section):
    """Every key of the section is a field of one of its dataclasses, with the same default value."""
    shipped = config.defaults()[section]
    by_name = {f.name: f for cls in READERS[section] for f in fields(cls)}
    assert set(shipped) <= set(by_name), f"[{section}] keys no dataclass reads: {set(shipped) - set(by_name)}"
    differ = {k: (v, by_name[k].default) for k, v in shipped.items() if by_name[k].default != v}
    assert not differ, f"[{section}] defaults.toml vs dataclass default: {differ}"
    missing = {n for n, f in by_name.items() if f.default is not MISSING} - set(shipped) - NOT_SETTINGS
    assert not missing, f"[{section}] settings with no line in defaults.toml: {missing}"


def test_library_default_is_what_the_cli_uses():
    """ExtractSettings() equals the settings the CLI builds from the shipped defaults."""
    assert config.settings_for(ExtractSettings, config.defaults(), "extract") == ExtractSettings()
    shipped = config.defaults()
    assert config.settings_for(MatchSettings, shipped, "matching", also=(IdentitySettings,)) == MatchSettings()
    assert config.settings_for(ContradictionSettings, shipped, "contradictions") == ContradictionSettings()


def test_a_key_no_one_reads_is_an_error_naming_it():
    """A section key that is no field of the dataclass (nor of another reader) is refused, not dropped."""
    settings = config.defaults()
    settings["contradictions"] = {**settings["contradictions"], "max_days_aprt": 3.0}
    with pytest.raises(config.ConfigError, match=r"contradictions\.max_days_aprt"):
        config.settings_for(ContradictionSettings, settings, "contradictions")
    with pytest.raises(config.ConfigError, match=r"matching\.first_name_similarity"):
        config.settings_for(MatchSettings, settings, "matching")  # the identity keys need their reader named


def test_user_file_overrides_reach_the_dataclass(tmp_path):
    """A user's value arrives typed in the dataclass; the others stay the shipped ones."""
    path = tmp_path / "settings.toml"
    path.write_text("[matching]\ntop_candidates = 55\n[scale]\nstore_batch_articles = 7\n", encoding="utf-8")
    settings = config.load(path)
    built = config.settings_for(MatchSettings, settings, "matching", also=(IdentitySettings,))
    assert built.top_candidates == 55 and isinstance(built.top_candidates, int)
    assert built.max_block == MatchSettings().max_block
    assert settings["scale"]["store_batch_articles"] == 7
