"""A read-only view of the differences between two states of an item (fields, then body)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from editor.domain.diff import changed_words, field_changes, word_diff

_LIGHT = {"ins": ("#d5f5dc", "#0d4a1e"), "del": ("#fbdada", "#7a1010"), "muted": "#5f6670"}
_DARK = {"ins": ("#1f4a2b", "#c9f2d3"), "del": ("#5a2020", "#ffd2d2"), "muted": "#a3a8b0"}


def _span(kind: str, text: str, colors: dict[str, Any]) -> str:
    background, color = colors[kind]
    decoration = "line-through" if kind == "del" else "none"
    escaped = html.escape(text).replace("\n", "¶<br>")
    return (
        f'<span style="background-color:{background}; color:{color}; '
        f'text-decoration:{decoration};">{escaped}</span>'
    )


def diff_html(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    *,
    old_name: str,
    new_name: str,
    dark: bool = False,
) -> str:
    """HTML describing what changed from `old` (None: nothing saved) to `new`."""
    colors = _DARK if dark else _LIGHT
    muted = colors["muted"]
    base = old or {}
    parts = [
        f'<p style="color:{muted}">From <b>{html.escape(old_name)}</b> '
        f"to <b>{html.escape(new_name)}</b>. "
        f'<span style="{_style(colors, "del")}">Removed</span> '
        f'<span style="{_style(colors, "ins")}">Added</span></p>'
    ]
    changes = field_changes(base, new)
    if changes:
        parts.append('<h3>Fields</h3><table cellspacing="0" cellpadding="4" width="100%">')
        parts.append(
            f'<tr><th align="left" style="color:{muted}">Field</th>'
            f'<th align="left" style="color:{muted}">{html.escape(old_name)}</th>'
            f'<th align="left" style="color:{muted}">{html.escape(new_name)}</th></tr>'
        )
        for change in changes:
            before = _span("del", change.old, colors) if change.old else "<i>empty</i>"
            after = _span("ins", change.new, colors) if change.new else "<i>empty</i>"
            parts.append(
                f"<tr><td><b>{html.escape(change.label)}</b></td>"
                f"<td>{before}</td><td>{after}</td></tr>"
            )
        parts.append("</table>")
    old_body, new_body = str(base.get("body") or ""), str(new.get("body") or "")
    spans = word_diff(old_body, new_body)
    added, removed = changed_words(spans)
    if old_body == new_body:
        summary = "unchanged"
    else:
        summary = f"{added} word{'s' if added != 1 else ''} added, {removed} removed"
    parts.append(f'<h3>Body <span style="color:{muted}; font-weight:normal">({summary})</span>')
    parts.append("</h3>")
    if old_body != new_body:
        body: list[str] = []
        for span in spans:
            if span.op == "equal":
                body.append(html.escape(span.text).replace("\n", "<br>"))
            else:
                body.append(_span("ins" if span.op == "insert" else "del", span.text, colors))
        parts.append(f'<p style="white-space:pre-wrap">{"".join(body)}</p>')
    if not changes and old_body == new_body:
        parts.append("<p>No differences.</p>")
    return "".join(parts)


def _style(colors: dict[str, Any], kind: str) -> str:
    background, color = colors[kind]
    decoration = "line-through" if kind == "del" else "none"
    return f"background-color:{background}; color:{color}; text-decoration:{decoration};"


class DiffView(QTextBrowser):
    """Shows `diff_html` in the window's palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Differences")

    def show_diff(
        self, old: Mapping[str, Any] | None, new: Mapping[str, Any], *, old_name: str, new_name: str
    ) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.setHtml(diff_html(old, new, old_name=old_name, new_name=new_name, dark=dark))
