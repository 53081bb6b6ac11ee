"""Qt user interface: the only package (with editor.app) that imports PySide6."""
