"""One export from the window: built, signed with this editor's key, written."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.bundle.keys import KnownKeys
from editor.bundle.reader import open_bundle
from editor.bundle.signing import SignatureStatus, check_signature
from editor.export.job import export_bundle
from tests.export.fixtures import AS_OF, golden_items


def test_the_bundle_is_signed_as_the_author(tmp_path: Path) -> None:
    out = export_bundle(
        golden_items(),
        tmp_path / "news.zip",
        workspace_id="w",
        media_dir=None,
        generated_at=AS_OF,
        signer="Amina Diallo",
    ).path
    with open_bundle(out) as source:
        check = check_signature(source, KnownKeys(tmp_path / "known.json"))
    assert check.status is SignatureStatus.FIRST_USE
    assert check.signer == "Amina Diallo"


def test_unsigned_on_request(tmp_path: Path) -> None:
    out = export_bundle(
        golden_items(), tmp_path / "news", workspace_id="w", media_dir=None, sign=False
    ).path
    assert not (out / "manifest.sig").exists() and (out / "manifest.json").exists()


def test_a_key_that_cannot_be_read_stops_the_export_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "signing-key.pem").write_text("not a key")
    monkeypatch.setenv("NOTICEBOARD_KEYS_DIR", str(keys))
    with pytest.raises(OSError, match="key"):
        export_bundle(golden_items(), tmp_path / "news.zip", workspace_id="w", media_dir=None)
    assert not (tmp_path / "news.zip").exists()
