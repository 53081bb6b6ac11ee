"""Signed manifests: valid, another key, missing, tampered, a changed key for a known name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from editor.bundle.keys import KEY_FILE, KEYS_ENV, KnownKeys
from editor.bundle.reader import open_bundle
from editor.bundle.signing import (
    SIGNATURE_PATH,
    SignatureCheck,
    SignatureFormatError,
    SignatureStatus,
    check_signature,
    fingerprint,
    parse_signature,
    public_key_bytes,
    sign_as_this_editor,
    sign_manifest,
)
from editor.bundle.verify import verify_bundle
from editor.cli import main
from editor.export.bundle import build_bundle
from editor.export.writer import write_bundle
from editor.preferences import Preferences, save_preferences
from editor.storage import Workspace
from editor.storage.samples import add_samples
from tests.export.fixtures import AS_OF, golden_items, read_media

ANA = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
BEN = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="s", media=read_media, generated_at=AS_OF)


def signed(files: dict[str, bytes], key: Ed25519PrivateKey, name: str) -> dict[str, bytes]:
    return {**files, SIGNATURE_PATH: sign_manifest(files["manifest.json"], key, name)}


def encoded(record: dict[str, object]) -> bytes:
    """A signature record written as the export writes it."""
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode()


def check(
    tmp_path: Path, files: dict[str, bytes], known: KnownKeys, name: str = "b.zip"
) -> SignatureCheck:
    out = write_bundle(files, tmp_path / name, timestamp=AS_OF)
    with open_bundle(out) as source:
        return check_signature(source, known)


@pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
def test_first_use_is_remembered_then_valid(
    files: dict[str, bytes], tmp_path: Path, name: str
) -> None:
    path = tmp_path / "known.json"
    known = KnownKeys(path)
    first = check(tmp_path, signed(files, ANA, "Ana Pereira"), known, name)
    assert first.status is SignatureStatus.FIRST_USE and first.trusted
    assert first.signer == "Ana Pereira"
    assert first.fingerprint == fingerprint(public_key_bytes(ANA))
    assert "first bundle from Ana Pereira" in first.message
    # Remembered on disk: a new KnownKeys reads it back.
    again = check(tmp_path / "..", signed(files, ANA, "Ana Pereira"), KnownKeys(path))
    assert again.status is SignatureStatus.VALID
    assert again.message == f"Signed by Ana Pereira ({first.fingerprint}), valid."
    # A signed bundle still verifies: manifest.sig is not an extra file.
    assert (
        verify_bundle(write_bundle(signed(files, ANA, "Ana"), tmp_path / "v", timestamp=AS_OF))
        == []
    )


def test_a_first_use_that_cannot_be_remembered_still_checks(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    known = KnownKeys(tmp_path / "keys" / "known.json")
    (tmp_path / "keys").write_text("a file where the folder would go: nothing can be written")
    first = check(tmp_path, signed(files, ANA, "Ana Pereira"), known)
    assert first.status is SignatureStatus.FIRST_USE
    assert "the key could not be remembered (cannot write" in first.message


def test_a_changed_key_for_a_known_name_is_a_loud_warning(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    known = KnownKeys()
    known.remember("Ana Pereira", fingerprint(public_key_bytes(ANA)))
    # Same name after case-folding and spacing: still the same person.
    result = check(tmp_path, signed(files, BEN, "ana  PEREIRA"), known)
    assert result.status is SignatureStatus.KEY_CHANGED and result.alarming
    assert not result.trusted
    assert result.message.startswith("WARNING: KEY CHANGED")
    assert result.known_fingerprint == fingerprint(public_key_bytes(ANA))
    # The new key is not remembered in place of the old one.
    assert known.get("Ana Pereira") == fingerprint(public_key_bytes(ANA))


def test_a_tampered_manifest_is_invalid(files: dict[str, bytes], tmp_path: Path) -> None:
    bundle = signed(files, ANA, "Ana")
    bundle["manifest.json"] = bundle["manifest.json"].replace(b'"s"', b'"t"')
    known = KnownKeys()
    result = check(tmp_path, bundle, known)
    assert result.status is SignatureStatus.INVALID and result.alarming
    assert "changed after Ana" in result.message
    assert known.names() == {}  # nothing learned from a bad signature


def test_a_signature_made_with_another_key_is_invalid(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    bundle = signed(files, ANA, "Ana")
    record = json.loads(bundle[SIGNATURE_PATH])
    # Ben's signature, but Ana's public key claimed.
    record["signature"] = json.loads(sign_manifest(files["manifest.json"], BEN, "Ana"))["signature"]
    bundle[SIGNATURE_PATH] = encoded(record)
    assert check(tmp_path, bundle, KnownKeys()).status is SignatureStatus.INVALID


def test_the_name_is_signed_too(files: dict[str, bytes], tmp_path: Path) -> None:
    bundle = signed(files, ANA, "Ana")
    bundle[SIGNATURE_PATH] = bundle[SIGNATURE_PATH].replace(b'"Ana"', b'"Mallory"')
    assert check(tmp_path, bundle, KnownKeys()).status is SignatureStatus.INVALID


def test_a_missing_signature_says_unsigned(files: dict[str, bytes], tmp_path: Path) -> None:
    result = check(tmp_path, files, KnownKeys())
    assert result.status is SignatureStatus.UNSIGNED
    assert result.message == "Not signed: nothing says who made this bundle."
    assert not result.trusted and not result.alarming


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[" * 50_000, "not JSON"),
        (b'{"format": "x"}', "not a Noticeboard signature"),
        (b'{"format": "noticeboard-signature", "format_version": 9}', "not supported"),
        (b" " * 70_000, "larger than"),
        (b"", "not JSON"),
    ],
)
def test_a_malformed_signature_is_reported(
    files: dict[str, bytes], tmp_path: Path, raw: bytes, expected: str
) -> None:
    result = check(tmp_path, {**files, SIGNATURE_PATH: raw}, KnownKeys())
    assert result.status is SignatureStatus.MALFORMED and result.alarming
    assert expected in result.message


def test_parse_rejects_bad_keys_and_names(files: dict[str, bytes]) -> None:
    record = json.loads(sign_manifest(files["manifest.json"], ANA, "Ana"))
    assert parse_signature(encoded(record)).signer == "Ana"
    for field, value in (
        ("public_key", "AAAA"),
        ("signature", "!!"),
        ("signer", "A\u202eB"),
        ("fingerprint", "SHA256:0000"),
        ("signed_file", "index.html"),
    ):
        with pytest.raises(SignatureFormatError):
            parse_signature(encoded({**record, field: value}))
    # The same record written another way: a byte changed, so refused.
    with pytest.raises(SignatureFormatError, match="byte for byte"):
        parse_signature(json.dumps(record).encode())


def test_signing_is_deterministic(files: dict[str, bytes]) -> None:
    assert sign_manifest(files["manifest.json"], ANA, "Ana") == sign_manifest(
        files["manifest.json"], ANA, "Ana"
    )
    with pytest.raises(ValueError, match="signer's name"):
        sign_manifest(files["manifest.json"], ANA, " \n ")


def test_this_editor_signs_with_a_key_made_once(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEYS_ENV, str(tmp_path / "keys"))
    save_preferences(Preferences(author="Ana Pereira"))
    raw, name, print_ = sign_as_this_editor(files["manifest.json"])
    assert name == "Ana Pereira"
    assert parse_signature(raw).fingerprint == print_
    assert sign_as_this_editor(files["manifest.json"], "Ben")[2] == print_  # the same key
    result = check(tmp_path, {**files, SIGNATURE_PATH: raw}, KnownKeys())
    assert result.status is SignatureStatus.FIRST_USE and result.signer == "Ana Pereira"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as ws:
        add_samples(ws)
    return folder


def test_export_refuses_to_go_on_unsigned_unasked(
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(KEYS_ENV, str(tmp_path / "keys"))
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / KEY_FILE).write_bytes(b"damaged")
    export = ["--workspace", str(workspace), "export", str(tmp_path / "out")]
    assert main(export) == 1
    stderr = capsys.readouterr().err
    assert "cannot sign the bundle" in stderr and "--no-sign exports unsigned" in stderr
    assert not (tmp_path / "out").exists()
    assert (tmp_path / "keys" / KEY_FILE).read_bytes() == b"damaged"
    (tmp_path / "keys" / KEY_FILE).unlink()
    assert main([*export, "--signer", " \t "]) == 1
    assert "--signer: a signature needs the signer's name" in capsys.readouterr().err
    assert main([*export, "--no-sign"]) == 0
    assert not (tmp_path / "out" / SIGNATURE_PATH).exists()
    assert not (tmp_path / "keys" / KEY_FILE).exists()  # no key made for an unsigned export
