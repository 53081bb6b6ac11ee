"""Shared set-up for the item-form tests: a form on its own, and sample data to load."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from editor.domain.items import Event
from editor.storage.samples import sample_items
from editor.ui.item_form import ItemForm


@pytest.fixture
def form(qtbot: Any) -> ItemForm:
    body = QPlainTextEdit()
    body.setAccessibleName("Body")
    widget = ItemForm(body)
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def event_data() -> dict[str, Any]:
    event = next(i for i in sample_items() if isinstance(i, Event) and not i.all_day)
    return event.model_dump() | {"revision": 1}


def announcement_data() -> dict[str, Any]:
    item = sample_items()[0]
    return item.model_dump() | {"revision": 3}
