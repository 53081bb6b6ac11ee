"""Rows of the item form: a caption, the field (with an optional companion) and its problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from editor.domain.problems import FIELD_LABELS
from editor.ui.form_widgets import OptionalTimeEdit, ProblemLabel

Edited = Callable[[str, Any], None]  # field, new value in model terms


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def list_text(values: object) -> str:
    return ", ".join(values) if isinstance(values, list | tuple) else ""


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def line_value(field: str, text: str) -> Any:
    """What a line edit's text means for its model field."""
    if field in ("tags", "authors", "organizers"):
        return split_list(text)
    if field in ("image", "online_url", "registration_url"):
        return text.strip() or None
    return text


def section_heading(title: str) -> QLabel:
    heading = QLabel(title)
    heading.setObjectName("section")
    font = heading.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.05)
    heading.setFont(font)
    heading.setContentsMargins(0, 10, 0, 2)
    return heading


def form_layout(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(6)
    return form


def line_edit(field: str, placeholder: str, edited: Edited) -> QLineEdit:
    """A line edit that reports the user's typing (never `setText`) in model terms."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.textEdited.connect(lambda text, f=field: edited(f, line_value(f, text)))
    return edit


def choice_combo(field: str, labels: Mapping[Any, str], edited: Edited) -> QComboBox:
    """A fixed list of choices that reports the one the user picked."""
    combo = QComboBox()
    for value, text in labels.items():
        combo.addItem(text, value)
    combo.activated.connect(lambda _n, f=field, c=combo: edited(f, c.currentData()))
    return combo


class FormRows:
    """Every row of the form by model field, so problems find their field whatever section
    holds it, and one caption column lines the sections up."""

    def __init__(self) -> None:
        self.problem_labels: dict[str, ProblemLabel] = {}
        self.rows: dict[str, QWidget] = {}
        self.captions: list[QLabel] = []

    def add(
        self,
        form: QFormLayout,
        field: str,
        widget: QWidget,
        *,
        label: str | None = None,
        beside: QWidget | None = None,
    ) -> QWidget:
        """Add `widget` (and `beside`, at its right) with a caption and a problem label."""
        text = label or field_label(field)
        if isinstance(widget, OptionalTimeEdit):
            widget.setAccessibleName(f"{text} group")  # its check box and picker carry names
        else:
            widget.setAccessibleName(widget.accessibleName() or text)
        problem = ProblemLabel(text)
        self.problem_labels[field] = problem
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if beside is None:
            column.addWidget(widget)
        else:
            line = QHBoxLayout()
            line.setSpacing(6)
            line.addWidget(widget, 1)
            line.addWidget(beside)
            column.addLayout(line)
        column.addWidget(problem)
        caption = QLabel(f"{text}:")
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.captions.append(caption)
        form.addRow(caption, box)
        self.rows[field] = box
        return box

    def align_captions(self) -> None:
        """One caption width for every section, each centred on its field's first line."""
        width = max(caption.sizeHint().width() for caption in self.captions)
        line_height = QLineEdit().sizeHint().height()
        for caption in self.captions:
            caption.setMinimumWidth(width)
            caption.setMinimumHeight(line_height)
