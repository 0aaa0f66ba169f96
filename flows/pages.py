"""The Jinja2 templates shared by the review app and the HTML report (flows/templates/), and their filters.

Autoescape is on for every template: scraped text (titles, outlets, quotes, article text) is always
escaped, and only http(s) URLs become links.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2
import pandas as pd

KIND_TITLES = {
    "numeric": "Numbers disagree",
    "polarity": "Opposite positions",
    "attribution": "Same words, different speaker",
    "changed": "Position changed over time",
}
STATUS_ORDER = ("open", "confirmed", "dismissed")


def blank(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_date(value) -> str:
    if blank(value):
        return "undated"
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return str(value)


def fmt_time(value) -> str:
    if blank(value):
        return ""
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return str(value)


def safe_url(value) -> str | None:
    """The URL when it is http(s), else None: a scraped ``javascript:`` URL never becomes a link."""
    return value if isinstance(value, str) and value.lower().startswith(("http://", "https://")) else None


def text_or(value, default: str = "") -> str:
    return default if blank(value) else str(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the app and the report: autoescape on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flows", "templates"),
        autoescape=True,  # all templates, whatever their extension: every value is escaped unless marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(date=fmt_date, time=fmt_time, safe_url=safe_url, text=text_or)
    env.globals.update(KIND_TITLES=KIND_TITLES, STATUS_ORDER=STATUS_ORDER)
    return env


def static_file(name: str) -> bytes:
    return (resources.files("flows") / "templates" / "static" / name).read_bytes()
