"""The window's Undo and Redo, enabled only while the focused field has something to undo."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, Slot
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from editor.ui.form_undo import editable_text_widget

TextField = QLineEdit | QPlainTextEdit | QTextEdit


class UndoAvailability(QObject):
    """Follows the focus in `window`: a text field's own history, else the form's stack.

    The same split as the actions' handlers: a text field undoes its typing; anywhere else
    (a combo box, a date, the item list) Undo takes back the form's last choice.
    """

    def __init__(
        self, window: QWidget, undo: QAction, redo: QAction, form_stack: QUndoStack
    ) -> None:
        super().__init__(window)
        self._window = window
        self._undo = undo
        self._redo = redo
        self._form_stack = form_stack
        self._field: TextField | None = None
        self._connections: list[QMetaObject.Connection] = []
        form_stack.canUndoChanged.connect(self._on_history_changed)
        form_stack.canRedoChanged.connect(self._on_history_changed)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)
        self.refresh()

    def field(self) -> TextField | None:
        """The text field whose history Undo and Redo follow, if any."""
        return self._field if self._field is not None and shiboken6.isValid(self._field) else None

    def refresh(self) -> None:
        parts = (self._form_stack, self._undo, self._redo)
        if not all(shiboken6.isValid(part) for part in parts):
            return  # the window is being taken down
        field = self.field()
        if isinstance(field, QLineEdit):
            can_undo, can_redo = field.isUndoAvailable(), field.isRedoAvailable()
        elif field is not None:
            document = field.document()
            can_undo, can_redo = document.isUndoAvailable(), document.isRedoAvailable()
        else:
            can_undo, can_redo = self._form_stack.canUndo(), self._form_stack.canRedo()
        self._undo.setEnabled(can_undo)
        self._redo.setEnabled(can_redo)

    def _follow(self, field: TextField | None) -> None:
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        self._field = field
        if isinstance(field, QLineEdit):
            # A line edit has no undo signal; every change to its history changes its text.
            self._connections.append(field.textChanged.connect(self._on_history_changed))
        elif field is not None:
            self._connections += [
                field.undoAvailable.connect(self._on_history_changed),
                field.redoAvailable.connect(self._on_history_changed),
            ]
        self.refresh()

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self._window:
            return  # another window or a dialog: this window's focus comes back as it was
        field = editable_text_widget(new)
        if field is not self.field():
            self._follow(field)

    @Slot()
    def _on_history_changed(self) -> None:
        self.refresh()
