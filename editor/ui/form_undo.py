"""Undo for the item form's choice fields (combo boxes, check boxes, date and time pickers).

Text fields keep their own undo history; everything else in the form is one step on the
form's QUndoStack. Undoing shows the old values and reports them exactly as a user edit
would, so validation, the preview and autosave follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from editor.ui.form_rows import field_label

Apply = Callable[[dict[str, Any]], None]


class EditKind(StrEnum):
    """What undo makes of an edit to the form."""

    TEXT = "text"  # typing in a text field: the field's own undo history has it
    CHOICE = "choice"  # a deliberate pick: one undo step each
    RUN = "run"  # one of a run (typing a zone, stepping a time): merged with the run


_MERGE_ID = 0x4E42  # any fixed number: QUndoStack merges commands that share an id


class FieldsChangeCommand(QUndoCommand):
    """Fields set from `old` to `new`; a run of edits to the same fields merges into one."""

    def __init__(
        self, old: Mapping[str, Any], new: Mapping[str, Any], apply: Apply, *, run: bool
    ) -> None:
        super().__init__(f"change {', '.join(_names(new))}")
        self.old = dict(old)
        self.new = dict(new)
        self._apply = apply
        self._run = run
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False  # pushed after the user's edit, which is already shown
            return
        self._apply(dict(self.new))

    def undo(self) -> None:
        self._apply(dict(self.old))

    def id(self) -> int:
        return _MERGE_ID if self._run else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, FieldsChangeCommand)
            and other._run
            and other.new.keys() == self.new.keys()
            and not self._sets_or_clears()
            and not other._sets_or_clears()
        ):
            return False
        self.new = dict(other.new)
        if self.new == self.old:
            self.setObsolete(True)  # the run came back where it started: nothing to undo
        return True

    def _sets_or_clears(self) -> bool:
        # Turning an optional date on or off is a step of its own, not part of a run.
        old = self.old
        return any((old.get(key) is None) != (value is None) for key, value in self.new.items())


def _names(fields: Mapping[str, Any]) -> list[str]:
    return [field_label(field).lower() for field in fields if not field.endswith("_fold")] or [
        "occurrence"
    ]


class FormUndo(QObject):
    """The form's undo stack and the last values it knows of each field (for `old`)."""

    def __init__(self, apply: Apply, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self._apply = apply
        self._values: dict[str, Any] = {}

    def reset(self, values: Mapping[str, Any]) -> None:
        """A new item is shown: its values, and no history."""
        self._values = dict(values)
        self.stack.clear()

    def shown(self, values: Mapping[str, Any]) -> None:
        """Values shown without an edit (after a save, a bulk change, an undo)."""
        self._values.update(values)

    def edited(self, changes: Mapping[str, Any], how: EditKind) -> None:
        """The user changed fields; choices and runs become undo steps."""
        if how != EditKind.TEXT:
            old = {field: self._values.get(field) for field in changes}
            if old != dict(changes):
                command = FieldsChangeCommand(old, changes, self._apply, run=how == EditKind.RUN)
                self.stack.push(command)
        self._values.update(changes)


def editable_text_widget(widget: QWidget | None) -> QLineEdit | QPlainTextEdit | QTextEdit | None:
    """`widget` if it is a text field with an undo history of its own, else None.

    The line edits inside combo boxes and date pickers do not count: those are choice fields.
    """
    if not isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) or widget.isReadOnly():
        return None
    if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
        return None
    return widget


class UndoKeysFilter(QObject):
    """Keeps Ctrl+Z and Ctrl+Shift+Z away from the line edits inside combo boxes and date
    pickers, which would otherwise undo their own typing; the window's Undo and Redo
    actions then get the keys and undo the form's last step."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ShortcutOverride ignored: the window's action takes the keys. KeyPress eaten: when
        # the action is disabled (nothing to undo) the keys still never reach the line edit.
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if event.type() in kinds and isinstance(event, QKeyEvent) and _is_undo_key(event):
            event.ignore()
            return True
        return super().eventFilter(watched, event)


def _is_undo_key(event: QKeyEvent) -> bool:
    for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
        if event.matches(key):
            return True
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(QKeySequence(text)) == QKeySequence.SequenceMatch.ExactMatch
        for text in ("Ctrl+Z", "Ctrl+Shift+Z")
    )
