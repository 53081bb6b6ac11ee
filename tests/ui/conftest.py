"""Set-up for every editor-window test: no key modifier left held by an earlier test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture(autouse=True)
def _no_held_modifiers(qapp: Any) -> Iterator[None]:
    """QTest releases Ctrl or Shift with the modifier still set (Ctrl+Z leaves Ctrl "held"),
    and Qt keeps it as the application's modifier state; the next test's selectRow() then
    adds to the selection instead of replacing it. A plain release sets it back."""
    yield
    if QApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        widget = QWidget()
        QTest.keyRelease(widget, Qt.Key.Key_Control)
        widget.deleteLater()
