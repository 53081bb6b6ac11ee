"""User preferences: defaults, saving, and never losing good values to one bad one."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from pydantic import ValidationError

from editor.paths import CONFIG_ENV
from editor.preferences import (
    PREFERENCES_FILE,
    Preferences,
    Theme,
    load_preferences,
    preferences_path,
    save_preferences,
)


@pytest.fixture(autouse=True)
def _no_config_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / PREFERENCES_FILE


def write(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else orjson.dumps(content))


def test_defaults_when_there_is_no_file(path: Path) -> None:
    assert load_preferences(path) == Preferences()
    assert load_preferences() == Preferences()
    assert Preferences().default_timezone == "Europe/Brussels"


def test_save_and_load(path: Path) -> None:
    chosen = Preferences(
        default_language="pt-br", default_timezone="America/Sao_Paulo", author="Ana", theme="dark"
    )
    save_preferences(chosen, path)
    assert load_preferences(path) == chosen
    assert orjson.loads(path.read_bytes())["theme"] == "dark"
    assert [p.name for p in path.parent.iterdir()] == [PREFERENCES_FILE]  # no temp file left


def test_default_location_is_the_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    assert preferences_path() == Path.home() / "config" / "Noticeboard" / PREFERENCES_FILE
    save_preferences(Preferences(author="Ben"))
    assert load_preferences().author == "Ben"


def test_config_folder_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "elsewhere"))
    save_preferences(Preferences(author="Cleo"))
    assert (tmp_path / "elsewhere" / PREFERENCES_FILE).is_file()
    assert load_preferences().author == "Cleo"


def test_values_are_checked() -> None:
    assert Preferences(default_language="EN_gb").default_language == "en-GB"
    assert Preferences(theme="light").theme is Theme.LIGHT
    assert Preferences(site_url="https://example.org/news").site_url == "https://example.org/news/"
    assert Preferences(site_url="  ").site_url == ""
    for bad in (
        {"default_language": "english!"},
        {"default_timezone": "Europe/Nowhere"},
        {"site_url": "example.org"},
    ):
        with pytest.raises(ValidationError):
            Preferences.model_validate(bad)


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'"text"', b"\xff\xfe"])
def test_unreadable_file_gives_defaults(path: Path, content: bytes) -> None:
    write(path, content)
    assert load_preferences(path) == Preferences()


def test_one_bad_value_keeps_the_others(path: Path) -> None:
    write(
        path,
        {
            "author": "Ana",
            "default_language": "fr",
            "default_timezone": "Europe/Atlantis",
            "theme": "purple",
            "window": "ignored",
        },
    )
    assert load_preferences(path) == Preferences(author="Ana", default_language="fr")
