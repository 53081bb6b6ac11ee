"""A driver for the kill test: the real editor window in its own process, typing into the body.

Run as `python -m tests.ui.kill_driver WORKSPACE TITLE STATE_FILE`. It builds the window
exactly as the app does (`editor.app.build_window`, the real Workspace and its lock),
opens the item titled TITLE, then types one word into the body every 50 ms with QTest and
prints `typed N` after each word, until it is killed. Not part of the product.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from editor.app import build_window, open_for_editing
from editor.preferences import Preferences
from editor.ui.preview import PreviewView
from editor.ui.window_state import WindowState

WORD_INTERVAL_MS = 50


def word(n: int) -> str:
    """The n-th word typed (1-based), with its leading space."""
    return f" w{n}"


def main(argv: list[str]) -> int:
    folder, title, state = Path(argv[0]), argv[1], Path(argv[2])
    app = QApplication([])
    workspace = open_for_editing(folder)
    window = build_window(
        workspace,
        Preferences(),
        window_state=WindowState(state),
        preview=PreviewView(engine="text"),
    )
    window.start()
    window.show()
    window.select_row_by_title(title)
    body = next(w for w in window.findChildren(QPlainTextEdit) if w.accessibleName() == "Body")
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    count = 0

    def type_word() -> None:
        nonlocal count
        count += 1
        QTest.keyClicks(body, word(count))
        print(f"typed {count}", flush=True)

    timer = QTimer()
    timer.setInterval(WORD_INTERVAL_MS)
    timer.timeout.connect(type_word)
    timer.start()
    print("ready", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
