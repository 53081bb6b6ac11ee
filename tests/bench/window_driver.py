"""Child process for the cold-start benchmark: open the real window on a workspace, say when
it is shown with every item listed, and quit.

    python -m tests.bench.window_driver WORKSPACE
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    folder = Path(sys.argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    os.environ["NOTICEBOARD_CONFIG_DIR"] = tempfile.mkdtemp(prefix="noticeboard-bench-")
    from PySide6.QtCore import QTimer

    from editor.app import _application

    app = _application()
    from editor.preferences import Preferences
    from editor.storage import Workspace
    from editor.ui.controller import EditorController
    from editor.ui.main_window import MainWindow

    workspace = Workspace.open(folder)
    controller = EditorController(workspace, Preferences())
    window = MainWindow(controller)
    window.start()
    window.show()

    def report() -> None:
        rows = window.table.model().rowCount()
        print(f"shown {rows}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)  # runs once the window has been laid out and painted
    app.exec()
    controller.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
