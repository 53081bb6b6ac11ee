"""The signing key and the known signers: kept out of the workspace, private, never replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from editor.bundle.keys import (
    KEY_FILE,
    KEYS_ENV,
    KeyFileError,
    KnownKeys,
    keys_dir,
    load_or_create_key,
)
from editor.bundle.signing import public_key_bytes
from editor.paths import data_dir, default_workspace_dir


def test_keys_live_in_the_data_folder_not_the_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEYS_ENV, raising=False)
    assert keys_dir() == data_dir() / "keys"
    assert not keys_dir().is_relative_to(default_workspace_dir())
    monkeypatch.setenv(KEYS_ENV, "/somewhere/keys")
    assert keys_dir() == Path("/somewhere/keys")


def test_the_key_is_made_once_private_and_kept(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "keys")
    path = tmp_path / "keys" / KEY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    assert public_key_bytes(load_or_create_key(tmp_path / "keys")) == public_key_bytes(key)
    assert path.read_bytes() == before


def test_a_damaged_key_is_reported_and_never_replaced(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_bytes(b"garbage")
    with pytest.raises(KeyFileError, match="left as it is"):
        load_or_create_key(tmp_path)
    assert (tmp_path / KEY_FILE).read_bytes() == b"garbage"


def test_known_keys_are_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "k" / "known.json"
    known = KnownKeys(path)
    assert known.get("Ana") is None
    known.remember("Ana", "SHA256:1")
    assert KnownKeys(path).get("ANA") == "SHA256:1"
    assert KnownKeys(path).names() == {"Ana": "SHA256:1"}


@pytest.mark.parametrize("content", [b"{", b"[]", b'{"signers": {"a": 1}}'])
def test_a_damaged_known_keys_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "known.json").write_bytes(content)
    with pytest.raises(KeyFileError):
        KnownKeys(tmp_path / "known.json")
