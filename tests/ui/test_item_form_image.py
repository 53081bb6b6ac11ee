"""The item form's image row: Choose… copies a file into the media folder, as a paste does."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from editor.ui.item_form import ItemForm
from tests.ui.form_helpers import announcement_data, form
from tests.ui.window_helpers import OFFSCREEN_SIZE_HINTS, find

pytestmark = OFFSCREEN_SIZE_HINTS
__all__ = ["form"]  # a fixture

JPEG = b"\xff\xd8\xff\xe0" + b"forum photo" * 50


def _choose(form: ItemForm, qtbot: Any, source: Path | None) -> list[Path | None]:
    asked: list[Path | None] = []

    def prompt(_parent: object) -> Path | None:
        asked.append(source)
        return source

    form.image_file_prompt = prompt  # type: ignore[assignment]
    qtbot.mouseClick(find(form, "Choose image", QPushButton), Qt.MouseButton.LeftButton)
    return asked


def test_chosen_image_is_copied_by_hash_named_and_alt_text_focused(
    qtbot: Any, form: ItemForm, tmp_path: Path
) -> None:
    media = tmp_path / "workspace" / "media"
    form.set_media_dir(media)
    form.load(announcement_data() | {"image": None, "image_alt": ""})
    source = tmp_path / "Forum opening.jpeg"
    source.write_bytes(JPEG)
    seen: list[dict[str, Any]] = []
    form.fields_edited.connect(seen.append)

    assert _choose(form, qtbot, source) == [source]

    name = f"{hashlib.sha256(JPEG).hexdigest()[:16]}.jpg"
    assert (media / name).read_bytes() == JPEG
    assert find(form, "Image", QLineEdit).text() == name
    assert seen[-1] == {"image": name}
    assert QApplication.focusWidget() is find(form, "Image alt text", QLineEdit)


def test_choosing_is_undone_in_the_field(qtbot: Any, form: ItemForm, tmp_path: Path) -> None:
    form.set_media_dir(tmp_path / "media")
    form.load(announcement_data() | {"image": "old.png"})
    source = tmp_path / "new.png"
    source.write_bytes(b"\x89PNG new")
    _choose(form, qtbot, source)
    image = find(form, "Image", QLineEdit)
    assert image.text() != "old.png"
    image.undo()
    assert image.text() == "old.png"


def test_cancelled_dialog_changes_nothing(qtbot: Any, form: ItemForm, tmp_path: Path) -> None:
    form.set_media_dir(tmp_path / "media")
    form.load(announcement_data() | {"image": "kept.png"})
    seen: list[dict[str, Any]] = []
    form.fields_edited.connect(seen.append)
    assert _choose(form, qtbot, None) == [None]
    assert find(form, "Image", QLineEdit).text() == "kept.png"
    assert seen == []
    assert not (tmp_path / "media").exists()


def test_not_an_image_is_reported_beside_the_field(
    qtbot: Any, form: ItemForm, tmp_path: Path
) -> None:
    form.set_media_dir(tmp_path / "media")
    form.load(announcement_data() | {"image": "kept.png"})
    source = tmp_path / "notes.txt"
    source.write_text("words")
    _choose(form, qtbot, source)
    problem = find(form, "Image problem", QLabel)
    assert problem.isVisible()
    assert "notes.txt is not an image" in problem.text()
    assert find(form, "Image", QLineEdit).text() == "kept.png"


def test_unreadable_file_is_reported(qtbot: Any, form: ItemForm, tmp_path: Path) -> None:
    form.set_media_dir(tmp_path / "media")
    form.load(announcement_data())
    _choose(form, qtbot, tmp_path / "vanished.png")
    assert "Could not copy vanished.png" in find(form, "Image problem", QLabel).text()


def test_no_workspace_asks_nothing(qtbot: Any, form: ItemForm) -> None:
    form.load(announcement_data())
    assert _choose(form, qtbot, Path("/nowhere.png")) == []
    assert "Open a workspace" in find(form, "Image problem", QLabel).text()


def test_read_only_disables_choose(form: ItemForm) -> None:
    form.load(announcement_data())
    form.set_read_only(True)
    assert not find(form, "Choose image", QPushButton).isEnabled()
