"""User preferences (default language, time zone, author, theme), kept apart from window state."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from editor.domain.items import canonical_language
from editor.domain.wallclock import zone
from editor.export.site_address import site_address
from editor.paths import config_dir
from editor.storage.atomic import atomic_write_bytes

PREFERENCES_FILE = "preferences.json"


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Preferences(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    default_language: str = "en"
    default_timezone: str = "Europe/Brussels"
    author: str = ""
    theme: Theme = Theme.SYSTEM
    # Where bundles are published ("" if unknown): makes feed links absolute on export.
    site_url: str = ""

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        return canonical_language(value)

    @field_validator("site_url")
    @classmethod
    def _site_url(cls, value: str) -> str:
        return site_address(value) if value.strip() else ""

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        zone(value)
        return value


def preferences_path() -> Path:
    return config_dir() / PREFERENCES_FILE


def load_preferences(path: Path | None = None) -> Preferences:
    """Saved preferences; defaults when there are none or the file is unreadable.

    A single bad value (a hand edit, a time zone gone from tzdata) falls back to its
    default alone: the other preferences are kept, and so survive the next save.
    """
    path = path or preferences_path()
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    try:
        return Preferences.model_validate(raw)
    except ValidationError as error:
        bad = {str(detail["loc"][0]) for detail in error.errors() if detail["loc"]}
    try:
        return Preferences.model_validate({k: v for k, v in raw.items() if k not in bad})
    except ValidationError:
        return Preferences()


def save_preferences(preferences: Preferences, path: Path | None = None) -> None:
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(
        path, orjson.dumps(preferences.model_dump(mode="json"), option=orjson.OPT_INDENT_2)
    )
