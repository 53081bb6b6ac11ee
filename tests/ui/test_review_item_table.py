"""The review window's list: the reviewer's verdict where the editor's list has the status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from editor.bundle.review import Verdict
from editor.domain.items import Announcement, Status
from editor.domain.summary import ItemSummary
from editor.ui.item_table_model import Column
from editor.ui.review_item_table import VERDICT_HEADER, ReviewItemTableModel


def _model(verdicts: dict[str, Verdict]) -> tuple[ReviewItemTableModel, list[Announcement]]:
    items = [
        Announcement(title=title, status=Status.APPROVED) for title in ("Alpha", "Beta", "Gamma")
    ]
    model = ReviewItemTableModel(lambda key: verdicts.get(key, Verdict.NONE))
    model.set_summaries([ItemSummary.from_item(item) for item in items])
    return model, items


def _column(model: ReviewItemTableModel, role: int = Qt.ItemDataRole.DisplayRole) -> list[Any]:
    return [model.index(row, Column.STATUS).data(role) for row in range(model.rowCount())]


def test_the_status_column_is_the_reviewers_verdict(qtmodeltester: Any) -> None:
    verdicts: dict[str, Verdict] = {}
    model, items = _model(verdicts)
    qtmodeltester.check(model)
    header = model.headerData(Column.STATUS, Qt.Orientation.Horizontal)
    assert header == VERDICT_HEADER
    model.sort(Column.TITLE)
    # The bundle says "Approved": not the reviewer's word, so only in the tooltip.
    assert _column(model) == ["", "", ""]
    tip = _column(model, Qt.ItemDataRole.ToolTipRole)[0]
    assert "status in the bundle: Approved" in tip

    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    verdicts[str(items[1].id)] = Verdict.APPROVED
    model.verdict_changed(str(items[1].id))
    assert changed == [1]
    assert _column(model) == ["", "Approved", ""]


def test_sorting_by_verdict_puts_changes_requested_first() -> None:
    verdicts: dict[str, Verdict] = {}
    model, items = _model(verdicts)
    verdicts[str(items[0].id)] = Verdict.APPROVED
    verdicts[str(items[2].id)] = Verdict.CHANGES_REQUESTED
    model.sort(Column.STATUS)
    assert _column(model) == ["Changes requested", "", "Approved"]
    verdicts[str(items[1].id)] = Verdict.CHANGES_REQUESTED
    model.verdict_changed(str(items[1].id))
    assert [model.summary_at(r).title for r in range(3)] == ["Beta", "Gamma", "Alpha"]
