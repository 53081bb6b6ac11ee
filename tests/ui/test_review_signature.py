"""The review window's banner: who signed the bundle and whether the signature holds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt

from editor.bundle.keys import KnownKeys
from editor.bundle.review_source import open_for_review
from editor.bundle.signing import SIGNATURE_PATH, sign_manifest
from editor.domain.items import Announcement
from editor.export.bundle import build_bundle
from editor.export.manifest import MANIFEST_PATH
from editor.export.writer import write_bundle
from editor.ui.preview import PreviewView
from editor.ui.review_window import ReviewWindow
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS

pytestmark = OFFSCREEN_SIZE_HINTS
WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _signed(out: Path, key: Ed25519PrivateKey, *, sign_other: bool = False) -> Path:
    files = build_bundle([Announcement(title="Signed news")], workspace_id="ws")
    signed = files[MANIFEST_PATH] + (b" " if sign_other else b"")
    files[SIGNATURE_PATH] = sign_manifest(signed, key, "Editor")
    return write_bundle(files, out, timestamp=WHEN)


def _banner(qtbot: Any, bundle: Path, keys: Path) -> tuple[str, str]:
    window = ReviewWindow(
        open_for_review(bundle, KnownKeys(keys)), "Amina", preview=PreviewView(engine="text")
    )
    qtbot.addWidget(window)
    return window.banner.text(), window.banner.styleSheet()


def test_a_signature_is_shown_and_a_changed_key_is_a_loud_warning(
    qtbot: Any, tmp_path: Path
) -> None:
    keys = tmp_path / "known_keys.json"
    text, style = _banner(qtbot, _signed(tmp_path / "a.zip", Ed25519PrivateKey.generate()), keys)
    assert text.startswith("Signed by Editor (SHA256:") and "first bundle from Editor" in text
    assert "#b00020" not in style

    other = _signed(tmp_path / "b.zip", Ed25519PrivateKey.generate())
    text, style = _banner(qtbot, other, keys)
    assert text.startswith("WARNING: KEY CHANGED") and "#b00020" in style


@pytest.mark.parametrize("name", ["c", "c.zip"])
def test_a_signature_over_other_bytes_is_a_warning(qtbot: Any, tmp_path: Path, name: str) -> None:
    bundle = _signed(tmp_path / name, Ed25519PrivateKey.generate(), sign_other=True)
    text, style = _banner(qtbot, bundle, tmp_path / "known_keys.json")
    assert text.startswith("The signature does not match") and "#b00020" in style


def test_words_from_the_manifest_are_shown_as_plain_text(qtbot: Any, tmp_path: Path) -> None:
    files = build_bundle([Announcement(title="News")], workspace_id="ws")
    manifest = orjson.loads(files[MANIFEST_PATH])
    manifest["created_at"] = "<b>bold</b><img src='file:///etc/passwd'>"
    # Written as the export writes a manifest: anything else is refused as altered.
    files[MANIFEST_PATH] = orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"
    bundle = write_bundle(files, tmp_path / "n", timestamp=WHEN)
    window = ReviewWindow(
        open_for_review(bundle, KnownKeys(None)), "Amina", preview=PreviewView(engine="text")
    )
    qtbot.addWidget(window)
    assert window.info.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold</b>" in window.info.text()
    assert window.banner.textFormat() == Qt.TextFormat.PlainText
