"""The window's Undo and Redo, enabled only while the focused field has something to undo."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QMetaObject, QObject, QTimer, Slot
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from editor.ui.form_undo import editable_text_widget

TextField = QLineEdit | QPlainTextEdit | QTextEdit


class UndoAvailability(QObject):
    """Follows the focus in `window`: a text field's own history, else the form's stack.

    The same split as the actions' handlers: a text field undoes its typing; anywhere else
    (a combo box, a date, the item list) Undo takes back the form's last choice.

    It listens only while the window is shown: a window is hidden before it is taken
    apart, and a text area destroying its document still reports its undo going away.
    Focus changes (of any window, dying widgets included) only start a timer, Qt to Qt;
    the focus is read once the event loop is back.
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
        self._listening: list[QMetaObject.Connection] = []
        self._field_connections: list[QMetaObject.Connection] = []
        self._focus_timer = QTimer(self)
        self._focus_timer.setSingleShot(True)
        self._focus_timer.setInterval(0)
        self._focus_timer.timeout.connect(self._on_focus_timer_timeout)
        window.installEventFilter(self)
        if window.isVisible():
            self._listen()
        self.refresh()

    def field(self) -> TextField | None:
        """The text field whose history Undo and Redo follow, if any."""
        return self._field if self._field is not None and shiboken6.isValid(self._field) else None

    def refresh(self) -> None:
        """Enable the actions to match the followed field, or else the form."""
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show and not self._listening:
                self._listen()
                self._on_focus_timer_timeout()
            elif event.type() == QEvent.Type.Hide:
                self._stop_listening()
        return super().eventFilter(watched, event)

    def _listen(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._listening = [
            app.focusChanged.connect(self._focus_timer.start),
            self._form_stack.canUndoChanged.connect(self._on_history_changed),
            self._form_stack.canRedoChanged.connect(self._on_history_changed),
        ]

    def _stop_listening(self) -> None:
        for connection in self._listening:
            QObject.disconnect(connection)
        self._listening = []
        self._focus_timer.stop()
        self._follow(None)

    def _follow(self, field: TextField | None) -> None:
        for connection in self._field_connections:
            QObject.disconnect(connection)
        self._field_connections = []
        self._field = field
        if isinstance(field, QLineEdit):
            # A line edit has no undo signal; every change to its history changes its text.
            self._field_connections.append(field.textChanged.connect(self._on_history_changed))
        elif field is not None:
            self._field_connections += [
                field.undoAvailable.connect(self._on_history_changed),
                field.redoAvailable.connect(self._on_history_changed),
            ]
        self.refresh()

    def _focused_field_changed(self) -> bool:
        """Follow the focused text field, if the focus is in this window; True if it moved."""
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not self._window:
            return False  # another window or a dialog: this window's focus comes back as it was
        field = editable_text_widget(focus)
        if field is self.field():
            return False
        self._follow(field)
        return True

    @Slot()
    def _on_focus_timer_timeout(self) -> None:
        self._focused_field_changed()

    @Slot()
    def _on_history_changed(self) -> None:
        # The focus may have moved since the timer was started: follow it first.
        if not self._focused_field_changed():
            self.refresh()
