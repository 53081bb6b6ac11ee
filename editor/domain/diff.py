"""Differences between two states of an item: words for the body, field by field for the rest.

Pure: works on plain field mappings (`item.model_dump()` or a draft's raw values).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from editor.domain.problems import FIELD_LABELS

Op = Literal["equal", "insert", "delete"]

# Fields that change on every save or never change: not worth showing as differences.
BOOKKEEPING = frozenset({"id", "kind", "revision", "created_at", "updated_at", "sync_base"})
# Whitespace runs, words, and single other characters: each a token of its own, so the
# spaces between words survive the diff and the text joins back exactly.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Span:
    """A run of text that is in both versions (equal), only the new one, or only the old one."""

    op: Op
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs, both values written out as text."""

    field: str
    label: str
    old: str
    new: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _append(out: list[Span], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Span(op, out[-1].text + text)
    else:
        out.append(Span(op, text))


def _word_spans(out: list[Span], old: str, new: str) -> None:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(out, "equal", "".join(a[i1:i2]))
            continue
        _append(out, "delete", "".join(a[i1:i2]))
        _append(out, "insert", "".join(b[j1:j2]))


def word_diff(old: str, new: str) -> list[Span]:
    """The body's changes, word by word. Joining the equal+delete spans gives `old` back,
    joining the equal+insert spans gives `new`.

    Lines are matched first and words only inside the lines that changed, so a long
    body with a few edits diffs in milliseconds.
    """
    out: list[Span] = []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    # The common start and end first: most edits touch one place of a long text.
    head = 0
    limit = min(len(old_lines), len(new_lines))
    while head < limit and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < limit - head
        and old_lines[len(old_lines) - 1 - tail] == new_lines[len(new_lines) - 1 - tail]
    ):
        tail += 1
    _append(out, "equal", "".join(old_lines[:head]))
    old_mid = old_lines[head : len(old_lines) - tail]
    new_mid = new_lines[head : len(new_lines) - tail]
    # autojunk: blank lines are too common to anchor a match on; they still join matches.
    matcher = difflib.SequenceMatcher(None, old_mid, new_mid)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(out, "equal", "".join(old_mid[i1:i2]))
        else:
            _word_spans(out, "".join(old_mid[i1:i2]), "".join(new_mid[j1:j2]))
    _append(out, "equal", "".join(old_lines[len(old_lines) - tail :]))
    return out


def side(spans: Iterable[Span], which: Literal["old", "new"]) -> str:
    """The text of one side of a diff."""
    dropped: Op = "insert" if which == "old" else "delete"
    return "".join(span.text for span in spans if span.op != dropped)


def changed_words(spans: Sequence[Span]) -> tuple[int, int]:
    """How many words were added and removed."""
    added = sum(len(re.findall(r"\w+", s.text)) for s in spans if s.op == "insert")
    removed = sum(len(re.findall(r"\w+", s.text)) for s in spans if s.op == "delete")
    return added, removed


def format_value(value: Any) -> str:
    """A field value as an editor would write it; "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        shown = value.strftime("%Y-%m-%d %H:%M")
        return f"{shown} {value.strftime('%z')}".strip() if value.tzinfo else shown
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        parts = [format_value(v) for v in value.values()]
        return ", ".join(p for p in parts if p)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    if hasattr(value, "model_dump"):
        return format_value(value.model_dump())
    return str(value)


def field_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    skip: Iterable[str] = ("body",),
) -> list[FieldChange]:
    """Every field but the body (and bookkeeping) whose written-out value differs.

    Fields come in the order of FIELD_LABELS, then any others alphabetically.
    """
    skipped = BOOKKEEPING | set(skip)
    names = [n for n in {*old, *new} if n not in skipped]
    order = {name: index for index, name in enumerate(FIELD_LABELS)}
    names.sort(key=lambda n: (order.get(n, len(order)), n))
    out: list[FieldChange] = []
    for name in names:
        before, after = format_value(old.get(name)), format_value(new.get(name))
        if before != after:
            label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
            out.append(FieldChange(name, label, before, after))
    return out
