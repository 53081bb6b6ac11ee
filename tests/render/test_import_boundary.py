"""editor.render runs without Qt: in the preview's worker thread, in the export, headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import editor.render

RENDER_DIR = Path(editor.render.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "editor.ui", "editor.app", "editor.storage")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        ):
            names.extend(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def test_render_modules_import_no_qt_and_no_storage() -> None:
    sources = sorted(RENDER_DIR.rglob("*.py"))
    assert len(sources) >= 5
    offenders = [
        f"{path.relative_to(RENDER_DIR)}: {name}"
        for path in sources
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_the_checker_sees_qt_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom PySide6.QtCore import QUrl\nimport editor.ui.preview\n")
    assert [n for n in _imports(module) if n != "os"] == ["PySide6.QtCore", "editor.ui.preview"]


def test_rendering_a_page_loads_no_qt() -> None:
    script = (
        "import sys\n"
        "from editor.domain.items import ITEMS_ADAPTER\n"
        "from editor.resources import resource_path\n"
        "from editor.render.page import render_item_page\n"
        "items = ITEMS_ADAPTER.validate_json(resource_path('samples', 'items.json').read_bytes())\n"
        "assert all('<article' in render_item_page(item) for item in items)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
