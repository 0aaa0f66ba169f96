"""claimtrack's settings: the shipped defaults (config/defaults.toml) overlaid by the user's file, typed.

``load(path)`` returns one frozen ``Settings``: a frozen dataclass per section of defaults.toml
(``settings.scale.dask_address``, ``settings.database.busy_wait_seconds``), each field typed as its
shipped default. A key the defaults do not have is an error naming it; a key claimtrack no longer
reads (``RETIRED``) is ignored with a ``note:`` line. ``Settings.build`` makes ``claims``' own settings
dataclasses (ExtractSettings, MatchSettings, ...) from a section. The ``claimtrack`` root command
loads the settings once and hands them to every command; nothing here reads the environment
(the command owns $CLAIMTRACK_CONFIG and $CLAIMTRACK_DB).

The TOML files live in the repository's ``config/`` folder; a built wheel ships them as
``flows/config/`` (pyproject.toml), which is looked at first.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, TypeVar

T = TypeVar("T")

#: Keys an older claimtrack read and this one does not: a user file that sets one loads with a note.
RETIRED = frozenset({"matching.same_claim", "matching.cross_speaker", "matching.min_shared_words"})

SECTIONS = ("database", "extract", "stories", "matching", "variants", "contradictions", "disagreements", "fetch", "serve", "web",
            "export", "scale")


class ConfigError(Exception):
    """A settings file has a key or value claimtrack does not know."""


def config_file(name: str) -> Path:
    """A shipped file of config/: beside the installed package (a wheel), else in the source tree."""
    here = Path(__file__).resolve().parent
    for folder in (here / "config", here.parent / "config"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"config/{name} is not installed with claimtrack")


@lru_cache(maxsize=1)
def _defaults_text() -> str:
    return config_file("defaults.toml").read_text(encoding="utf-8")


def defaults() -> dict[str, Any]:
    """The shipped defaults (config/defaults.toml) as a fresh dict of sections."""
    return tomllib.loads(_defaults_text())


@lru_cache(maxsize=None)
def section_class(section: str) -> type:
    """The frozen dataclass of one section: a field per key of defaults.toml, typed as its default."""
    shipped = defaults()[section]
    cls = dataclasses.make_dataclass(section.capitalize() + "Section", [(k, type(v)) for k, v in shipped.items()],
                                     frozen=True)
    cls.__module__ = __name__
    return cls


for _name in SECTIONS:  # module attributes, so that a section pickles by reference (worker processes, Dask)
    globals()[section_class(_name).__name__] = section_class(_name)


@dataclass(frozen=True)
class Settings:
    """Every setting, typed: one frozen dataclass per section of defaults.toml."""

    database: Any
    extract: Any
    stories: Any
    matching: Any
    variants: Any
    contradictions: Any
    disagreements: Any
    fetch: Any
    serve: Any
    web: Any
    export: Any
    scale: Any
    path: Path | None = None  # the user's file these came from, if any
    notes: tuple[str, ...] = ()  # one line per retired key the user's file still sets

    @classmethod
    def from_dict(cls, values: dict[str, dict[str, Any]], path: Path | None = None, notes: Iterable[str] = ()):
        return cls(**{s: section_class(s)(**values[s]) for s in SECTIONS}, path=path, notes=tuple(notes))

    def section(self, name: str) -> dict[str, Any]:
        """One section as a plain dict."""
        return dataclasses.asdict(getattr(self, name))

    def replace(self, section: str, **changes: Any) -> "Settings":
        """These settings with some keys of one section changed (a command's mode, a test's value)."""
        return dataclasses.replace(self, **{section: dataclasses.replace(getattr(self, section), **changes)})

    def build(self, cls: type[T], section: str, also: Iterable[type | str] = (), **changes: Any) -> T:
        """The dataclass ``cls`` (``claims``' typed settings) built from one section, ``changes`` on top.

        Every key of the section must be a field of ``cls`` or be read by another reader of the same
        section named in ``also`` (a dataclass, or a key the caller reads itself): a key no one reads is a
        ConfigError naming it, never silently dropped. That the dataclasses' defaults are defaults.toml's
        is checked by tests/test_settings.py.
        """
        return settings_for(cls, {section: {**self.section(section), **changes}}, section, also)

    def database_path(self, explicit: str | os.PathLike | None = None) -> Path:
        """``explicit`` (--db or $CLAIMTRACK_DB, which the command resolves), else database.path."""
        return Path(explicit) if explicit else Path(self.database.path)

    def sources(self) -> list["Source"]:
        """The [[sources]] of the user's file ([] without one)."""
        return sources(self.path) if self.path else []


def settings_for(cls: type[T], settings: dict[str, Any], section: str, also: Iterable[type | str] = ()) -> T:
    """The dataclass ``cls`` built from the dict ``settings[section]`` (see ``Settings.build``)."""
    values = settings[section]
    own = {f.name for f in fields(cls)}
    others = {f.name for o in also if not isinstance(o, str) for f in fields(o)} | {o for o in also if isinstance(o, str)}
    unknown = sorted(set(values) - own - others)
    if unknown:
        raise ConfigError(f"unknown key '{section}.{unknown[0]}' (allowed here: {', '.join(sorted(own | others))})")
    return cls(**{k: v for k, v in values.items() if k in own})


def _overlay(base: dict, user: dict, where: str, path: str, notes: list[str]) -> dict:
    out = dict(base)
    for key, value in user.items():
        name = f"{where}.{key}" if where else key
        if name in RETIRED:
            notes.append(f"{name} is ignored (no longer used)")
            continue
        if key not in base:
            allowed = ", ".join(sorted(base))
            raise ConfigError(f"{path}: unknown key '{name}' (allowed here: {allowed})")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: '{name}' must be a table of settings")
            out[key] = _overlay(base[key], value, name, path, notes)
        else:
            expected = type(base[key])
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(
                    f"{path}: '{name}' must be {expected.__name__}, got {type(value).__name__} {value!r}"
                )
            out[key] = value
    return out


def _read_toml(p: Path) -> dict[str, Any]:
    if not p.is_file():
        raise ConfigError(f"{p}: settings file not found")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None


def load(path: str | os.PathLike | None = None) -> Settings:
    """The shipped defaults, overlaid by the file ``path`` when given; ConfigError names a wrong key.

    ``Settings.notes`` holds a line for each retired key the file still sets (the caller prints them)."""
    values, notes = defaults(), []
    p = Path(path) if path else None
    if p is not None:
        user = _read_toml(p)
        values = _overlay(values, {k: v for k, v in user.items() if k != "sources"}, "", str(p), notes)
        _parse_sources(user.get("sources", []), p)
    return Settings.from_dict(values, p, notes)


# --- the sources a user follows ([[sources]] tables in the same file) ---------------------------

SOURCE_KINDS = ("feed", "page", "folder", "jsonl")
SOURCE_KEYS = {
    "name": "a unique name (the deployment's name)",
    "kind": "one of " + ", ".join(SOURCE_KINDS),
    "location": "a feed or page URL (http or https), or a folder or .jsonl path",
    "schedule": "'every N' seconds/minutes/hours ('every 30s', 'every 15m', 'every 2h') or a cron expression ('*/15 * * * *')",
    "outlet": "the outlet name articles are stored under (optional)",
    "enabled": "true or false (optional, default true)",
}
_INTERVAL = re.compile(r"^every\s+(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Source:
    """One source a user follows: what to read, and when."""

    name: str
    kind: str
    location: str
    schedule: str
    outlet: str | None = None
    enabled: bool = True
    interval_seconds: float | None = None  # set for 'every N' schedules
    cron: str | None = None  # set for cron schedules


def _schedule(text: str, where: str) -> tuple[float | None, str | None]:
    m = _INTERVAL.match(text.strip())
    if m:
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)[0].lower()]
        if seconds < 1:
            raise ConfigError(f"{where}: 'schedule' must be at least 1 second, got {text!r}")
        return seconds, None
    parts = text.split()
    valid = len(parts) == 5
    if valid:
        from croniter import croniter  # lazy: only a cron schedule needs it

        valid = croniter.is_valid(text) and not any(p.lower() in ("r", "h") for p in parts)
    if not valid:
        raise ConfigError(f"{where}: 'schedule' = {text!r} is not allowed (allowed: {SOURCE_KEYS['schedule']})")
    return None, text.strip()


def _parse_sources(raw: Any, path: Path) -> list[Source]:
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise ConfigError(f"{path}: 'sources' must be an array of tables ([[sources]] sections)")
    out: list[Source] = []
    names: set[str] = set()
    for number, table in enumerate(raw, start=1):
        where = f"{path}: sources #{number}" + (f" ({table['name']})" if isinstance(table.get("name"), str) else "")
        for key in table:
            if key not in SOURCE_KEYS:
                raise ConfigError(f"{where}: unknown key 'sources.{key}' (allowed: {', '.join(SOURCE_KEYS)})")
        for key in ("name", "kind", "location", "schedule"):
            if key not in table:
                raise ConfigError(f"{where}: missing key 'sources.{key}' ({SOURCE_KEYS[key]})")
        for key in ("name", "kind", "location", "schedule", "outlet"):
            if key in table and (not isinstance(table[key], str) or not table[key].strip()):
                raise ConfigError(f"{where}: 'sources.{key}' must be a non-empty string ({SOURCE_KEYS[key]}), "
                                  f"got {table[key]!r}")
        if "enabled" in table and not isinstance(table["enabled"], bool):
            raise ConfigError(f"{where}: 'sources.enabled' must be true or false, got {table['enabled']!r}")
        name, kind, location = table["name"].strip(), table["kind"], table["location"].strip()
        if name in names:
            raise ConfigError(f"{where}: 'sources.name' {name!r} is used twice (names must be unique)")
        names.add(name)
        if kind not in SOURCE_KINDS:
            raise ConfigError(f"{where}: 'sources.kind' = {kind!r} is not allowed (allowed: {', '.join(SOURCE_KINDS)})")
        scheme = location.split("://", 1)[0].lower() if "://" in location else ""
        if kind in ("feed", "page") and scheme not in ("http", "https"):
            raise ConfigError(f"{where}: 'sources.location' = {location!r} is not allowed for kind {kind} "
                              f"(allowed: an http:// or https:// URL)")
        if kind in ("folder", "jsonl"):
            if scheme:
                raise ConfigError(f"{where}: 'sources.location' = {location!r} is not allowed for kind {kind} "
                                  f"(allowed: a path; use kind feed or page for URLs)")
            location = str((path.parent / Path(location).expanduser()).resolve())
        interval, cron = _schedule(table["schedule"], where)
        out.append(Source(name=name, kind=kind, location=location, schedule=table["schedule"].strip(),
                          outlet=table.get("outlet"), enabled=table.get("enabled", True),
                          interval_seconds=interval, cron=cron))
    return out


def sources(path: str | os.PathLike | None) -> list[Source]:
    """The [[sources]] of the settings file ``path``; [] when there is no file."""
    if not path:
        return []
    p = Path(path)
    return _parse_sources(_read_toml(p).get("sources", []), p)
