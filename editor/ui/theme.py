"""Light and dark looks: the Fusion style with a palette for each, chosen in Preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from editor.preferences import Theme
from editor.resources import resource_path

_LIGHT = {
    "window": "#f3f3f5",
    "base": "#ffffff",
    "alternate": "#f6f7f9",
    "text": "#1d1f23",
    "button": "#eceef1",
    "highlight": "#2f6fd6",
    "highlighted_text": "#ffffff",
    "link": "#1f5fbf",
    "mid": "#c4c8ce",
    "placeholder": "#80858d",
    "disabled": "#9a9ea5",
    "problem": "#b3261e",
    "muted": "#5f6670",
}
_DARK = {
    "window": "#25272b",
    "base": "#1c1d20",
    "alternate": "#222428",
    "text": "#e6e7ea",
    "button": "#303237",
    "highlight": "#3d7be0",
    "highlighted_text": "#ffffff",
    "link": "#8ab4f8",
    "mid": "#45484e",
    "placeholder": "#8b9098",
    "disabled": "#6c7078",
    "problem": "#ff8a80",
    "muted": "#a3a8b0",
}


def _palette(colors: dict[str, str]) -> QPalette:
    role = QPalette.ColorRole
    palette = QPalette()
    pairs = {
        role.Window: "window",
        role.WindowText: "text",
        role.Base: "base",
        role.AlternateBase: "alternate",
        role.ToolTipBase: "base",
        role.ToolTipText: "text",
        role.Text: "text",
        role.Button: "button",
        role.ButtonText: "text",
        role.BrightText: "problem",
        role.Highlight: "highlight",
        role.HighlightedText: "highlighted_text",
        role.Link: "link",
        role.LinkVisited: "link",
        role.PlaceholderText: "placeholder",
        role.Mid: "mid",
    }
    for palette_role, key in pairs.items():
        palette.setColor(palette_role, QColor(colors[key]))
    disabled = QColor(colors["disabled"])
    for palette_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, palette_role, disabled)
    return palette


def is_dark(theme: Theme) -> bool:
    if theme == Theme.SYSTEM:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return theme == Theme.DARK


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give the whole application the chosen look (system follows the desktop's scheme)."""
    dark = is_dark(theme)
    colors = _DARK if dark else _LIGHT
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(_palette(colors))
    try:
        check = resource_path("icons", "check.svg").as_posix()
    except FileNotFoundError:
        check = ""
    # Fusion draws check boxes with an outline darker than the window: invisible on a dark
    # one. Drawn here instead, the same way in both themes.
    app.setStyleSheet(
        f"""
        QLabel#problem {{ color: {colors["problem"]}; }}
        QLabel#kind, QLabel#readiness_heading {{ color: {colors["muted"]}; font-weight: 600; }}
        QLabel#save_error {{ color: {colors["problem"]}; font-weight: 600; }}
        QSplitter::handle {{ background: {colors["mid"]}; }}
        QSplitter::handle:horizontal {{ width: 1px; }}
        QSplitter::handle:vertical {{ height: 1px; }}
        QCheckBox::indicator {{
            width: 14px; height: 14px; border-radius: 3px;
            border: 1px solid {colors["placeholder"]}; background: {colors["base"]};
        }}
        QCheckBox::indicator:checked {{
            background: {colors["highlight"]}; border-color: {colors["highlight"]};
            image: url({check});
        }}
        QCheckBox::indicator:disabled {{ border-color: {colors["mid"]}; }}
        QCheckBox::indicator:focus {{ border-color: {colors["highlight"]}; }}
        """
    )
