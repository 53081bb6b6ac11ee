"""Only editor/ui and editor/app.py may import Qt; everything else loads without it."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import editor

PACKAGE = Path(editor.__file__).resolve().parent
QT = "PySide6"


def is_ui(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] == "ui" or relative == Path("app.py")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def non_ui_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not is_ui(p))


def qt_imports(source: str) -> list[str]:
    """Every import of PySide6 in `source`, at any depth (functions and type-checking too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] == QT]
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6",
        "import os, PySide6.QtCore as core",
        "from PySide6 import QtWidgets",
        "from PySide6.QtGui import QColor",
        "def f():\n    from PySide6.QtCore import Qt",
        "if TYPE_CHECKING:\n    import PySide6.QtCore",
        "import importlib\nimportlib.import_module('PySide6.QtCore')",
    ],
)
def test_the_check_sees_every_way_of_importing_qt(source: str) -> None:
    assert qt_imports(source)


def test_the_check_ignores_other_imports() -> None:
    assert qt_imports("import PySide6_helpers\nfrom editor.ui import window\nimport pyside") == []


def test_the_walk_covers_the_whole_package() -> None:
    names = {module_name(p) for p in non_ui_modules()}
    expected = {"editor", "editor.cli", "editor.storage.workspace", "editor.domain.items"}
    assert expected <= names
    assert not any(name == "editor.app" or name.startswith("editor.ui") for name in names)


def test_only_the_ui_imports_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE.parent)): found
        for path in non_ui_modules()
        if (found := qt_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


_BLOCKED_IMPORT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"Qt is blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, NoQt())
    try:
        import PySide6
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker does not block")

    for name in sys.argv[1:]:
        importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    if loaded:
        raise SystemExit(f"Qt got loaded: {loaded}")
    print(len(sys.argv) - 1)
    """
)


def test_every_non_ui_module_loads_without_qt() -> None:
    # __main__ would run the program on import.
    names = [module_name(p) for p in non_ui_modules() if p.name != "__main__.py"]
    result = subprocess.run(
        [sys.executable, "-c", _BLOCKED_IMPORT, *names],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(names))
