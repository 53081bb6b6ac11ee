"""Screenshots of the editor window, light and dark, on the sample workspace.

Run as `python -m editor.ui.screenshots OUTDIR` (under xvfb-run where there is no display).
Nothing of the user's is read or written: workspace, preferences and window state all live in
a throw-away folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ANNOUNCEMENT = "Ecuador and Portugal to co-chair the Cities and Migration Forum from July 2022"
EVENT = "Peer-learning exchange: first reception of newcomers in mid-sized cities"
SIZE = (1600, 1000)
RENDER_WAIT_MS = 4000
SETTLE_MS = 400


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m editor.ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="noticeboard-shots-") as scratch:
        root = Path(scratch)
        os.environ["NOTICEBOARD_CONFIG_DIR"] = str(root / "config")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium refuses to run as root with its sandbox on (CI runs as root).
            os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        return _shoot(out, root)


def _wait(ms: int, signal: object = None) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    if signal is not None:
        signal.connect(loop.quit)  # type: ignore[attr-defined]
    loop.exec()


def _shoot(out: Path, root: Path) -> int:
    from editor.app import _application

    app = _application()
    from PySide6.QtGui import QGuiApplication

    from editor.preferences import Preferences, Theme
    from editor.storage import Workspace
    from editor.storage.samples import add_samples
    from editor.ui.about import app_icon
    from editor.ui.controller import EditorController
    from editor.ui.main_window import MainWindow
    from editor.ui.theme import apply_theme
    from editor.ui.window_state import WindowState

    app.setWindowIcon(app_icon())
    workspace = Workspace.open(root / "workspace")
    add_samples(workspace)
    written: list[Path] = []
    try:
        for theme in (Theme.LIGHT, Theme.DARK):
            apply_theme(app, theme)
            controller = EditorController(workspace, Preferences(theme=theme, author="Editor"))
            window = MainWindow(controller, WindowState(root / f"state-{theme}.ini"))
            window.resize(*SIZE)
            window.start()
            window.show()
            _wait(SETTLE_MS)
            for kind, title in (("announcement", ANNOUNCEMENT), ("event", EVENT)):
                window.select_row_by_title(title)
                _wait(RENDER_WAIT_MS, window.preview.rendered)
                _wait(SETTLE_MS)
                screen = window.screen() or QGuiApplication.primaryScreen()
                if QGuiApplication.platformName() == "xcb" and screen is not None:
                    # The preview draws with the GPU path; only the screen has its pixels.
                    pixmap = screen.grabWindow(window.winId())
                else:
                    pixmap = window.grab()
                path = out / f"{theme.value}-{kind}.png"
                pixmap.save(str(path))
                written.append(path)
            window.close()
            window.deleteLater()
            _wait(50)
    finally:
        workspace.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
