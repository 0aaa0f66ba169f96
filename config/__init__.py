"""Shipped defaults overlaid by the user's file: a wrong key is an error naming it."""
from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A settings file has a key or value claimtrack does not know."""


def defaults() -> dict[str, Any]:
    """The shipped defaults (config/defaults.toml)."""
    return tomllib.loads((resources.files("config") / "defaults.toml").read_text(encoding="utf-8"))


def _overlay(base: dict, user: dict, where: str, path: str) -> dict:
    out = dict(base)
    for key, value in user.items():
        name = f"{where}.{key}" if where else key
        if key not in base:
            allowed = ", ".join(sorted(base))
            raise ConfigError(f"{path}: unknown key '{name}' (allowed here: {allowed})")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: '{name}' must be a table of settings")
            out[key] = _overlay(base[key], value, name, path)
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


def load(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Defaults, overlaid by ``path`` (or $CLAIMTRACK_CONFIG) when given."""
    settings = defaults()
    path = path or os.environ.get("CLAIMTRACK_CONFIG")
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"{p}: settings file not found")
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from None
        settings = _overlay(settings, {k: v for k, v in user.items() if k != "sources"}, "", str(p))
    return settings


def database_path(explicit: str | os.PathLike | None, settings: dict[str, Any] | None = None) -> Path:
    """--db, else $CLAIMTRACK_DB, else the settings' database.path."""
    if explicit:
        return Path(explicit)
    if os.environ.get("CLAIMTRACK_DB"):
        return Path(os.environ["CLAIMTRACK_DB"])
    return Path((settings or defaults())["database"]["path"])
