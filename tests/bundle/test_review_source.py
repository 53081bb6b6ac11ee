"""Opening a bundle for review: verified first, items through the models, media copied safely."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import orjson
import pytest

from editor.bundle.keys import KEYS_ENV, KNOWN_KEYS_FILE, KnownKeys
from editor.bundle.review import BundleRef, Verdict
from editor.bundle.review_draft import ReviewDraft
from editor.bundle.review_source import BundleRefusedError, open_for_review, review_media
from editor.bundle.signing import SignatureStatus
from editor.domain.items import Announcement
from editor.export.bundle import build_bundle
from editor.export.manifest import MANIFEST_PATH, build_manifest
from editor.export.writer import write_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media


@pytest.fixture
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="v", media=read_media, generated_at=AS_OF)


def test_items_identity_and_media_of_a_zip(files: dict[str, bytes], tmp_path: Path) -> None:
    bundle = write_bundle(files, tmp_path / "news.zip", timestamp=AS_OF)
    opened = open_for_review(bundle, KnownKeys(tmp_path / "keys.json"))
    assert sorted(i.title for i in opened.items) == sorted(i.title for i in golden_items())
    assert opened.manifest_sha256 == hashlib.sha256(files["manifest.json"]).hexdigest()
    assert opened.ref.workspace_id == "v" and opened.ref.file == "news.zip"
    assert opened.signature.status is SignatureStatus.UNSIGNED
    assert opened.media, "the golden items use images"
    out = tmp_path / "media-copy"
    assert opened.copy_media(out) == len(opened.media)
    for name in opened.media:
        assert (out / name).read_bytes() == files[name]


@pytest.mark.parametrize("change", ["extra", "missing", "not-a-bundle"])
def test_anything_wrong_is_refused(files: dict[str, bytes], tmp_path: Path, change: str) -> None:
    folder = write_bundle(files, tmp_path / "news", timestamp=AS_OF)
    if change == "extra":
        (folder / "evil.html").write_text("<script>alert(1)</script>")
    elif change == "missing":
        (folder / "data" / "items.json").unlink()
    else:
        (folder / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(BundleRefusedError, match="news cannot be reviewed"):
        open_for_review(folder, KnownKeys(tmp_path / "keys.json"))


def test_a_damaged_list_of_known_signers_is_named_not_blamed_on_the_bundle(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = write_bundle(files, tmp_path / "news.zip", timestamp=AS_OF)
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / KNOWN_KEYS_FILE).write_text("garbage")
    monkeypatch.setenv(KEYS_ENV, str(keys))
    with pytest.raises(BundleRefusedError) as refused:
        open_for_review(bundle)
    assert refused.value.local
    [problem] = refused.value.problems
    assert problem.startswith(f"the known-keys file {keys / KNOWN_KEYS_FILE} is not JSON")
    assert "move that file away" in problem
    assert (keys / KNOWN_KEYS_FILE).read_text() == "garbage"  # left for the user to look at


def test_a_draft_carries_on_only_a_review_of_the_same_bundle() -> None:
    items = {str(i.id): (i.title, i.revision) for i in golden_items()}
    first_id = next(iter(items))
    ref = BundleRef(id="b", manifest_sha256="a" * 64, workspace_id="v")
    draft = ReviewDraft("Amina", ref, items)
    assert not draft.dirty
    draft.set_verdict(first_id, Verdict.APPROVED)
    saved = draft.review(now=AS_OF)
    assert [str(e.item_id) for e in saved.items] == [first_id] and draft.dirty

    again = ReviewDraft("Amina", ref, items, saved)
    assert again.entry(first_id).verdict is Verdict.APPROVED
    other = ReviewDraft("Amina", ref.model_copy(update={"manifest_sha256": "b" * 64}), items, saved)
    assert other.entry(first_id).verdict is Verdict.NONE


def test_review_media_of_a_zip_is_a_temporary_copy_and_a_folder_is_read_in_place(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    zipped = open_for_review(
        write_bundle(files, tmp_path / "news.zip", timestamp=AS_OF), KnownKeys(None)
    )
    media = review_media(zipped)
    assert media.folder is not None and media.problem == ""
    assert media.folder.is_relative_to(tempfile.gettempdir())
    assert all((media.folder / name).read_bytes() == files[name] for name in zipped.media)
    media.cleanup()
    assert not media.folder.exists()

    folder = open_for_review(write_bundle(files, tmp_path / "news", timestamp=AS_OF), KnownKeys())
    assert review_media(folder).folder == tmp_path / "news"


def test_media_names_another_system_would_fold_are_never_written_over_each_other(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        **files,
        "media/shown.png": b"the image the item names",
        "media/shown.png.": b"another image, a name Windows writes as media/shown.png",
        "media/CON.png": b"a device on Windows",
        "media/aux": b"another",
    }
    del files["manifest.json"]
    files["manifest.json"] = build_manifest(files, [], workspace_id="v", created_at=AS_OF)
    bundle = open_for_review(
        write_bundle(files, tmp_path / "news.zip", timestamp=AS_OF), KnownKeys(None)
    )
    out = tmp_path / "copy"
    copied = bundle.copy_media(out)
    assert (out / "media" / "shown.png").read_bytes() == b"the image the item names"
    assert not (out / "media" / "CON.png").exists() and not (out / "media" / "aux").exists()
    assert not (out / "media" / "shown.png.").exists()
    assert copied == len(bundle.media) - 3

    # Where the file system folds names (Windows, macOS), the first one written stays.
    (out / "media" / "shown.png").unlink()
    (out / "media" / "shown.png").write_bytes(b"written first")
    monkeypatch.setattr("editor.bundle.review_source._portable", lambda _name: True)
    bundle.copy_media(out)
    assert (out / "media" / "shown.png").read_bytes() == b"written first"


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "x" * 400), ("id", "news\x1b[2J"), ("workspace_id", "ws\x1b]0;title\x07")],
)
def test_a_manifests_odd_identity_is_cut_and_cleaned_not_a_crash(
    tmp_path: Path, field: str, value: str
) -> None:
    files = build_bundle([Announcement(title="News")], workspace_id="ws")
    manifest = orjson.loads(files[MANIFEST_PATH])
    manifest[field] = value
    # Written as the export writes a manifest: anything else is refused as altered.
    files[MANIFEST_PATH] = orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"
    bundle = open_for_review(write_bundle(files, tmp_path / "n", timestamp=AS_OF), KnownKeys(None))
    ref = bundle.ref  # a BundleRef, valid: the review window and the review file need one
    shown = ref.id if field == "id" else ref.workspace_id
    assert "\x1b" not in shown and len(shown) <= 300
    assert shown.startswith(value[:2])
