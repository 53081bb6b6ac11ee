"""The item list: a table model over the workspace's item summaries and the proxy that filters it.

Rows are light ItemSummary records (read from stored JSON at open), never validated items:
a 10,000-item workspace lists in a fraction of a second. Full items are only ever loaded
for the one item being edited and for bulk actions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from editor.domain import wallclock
from editor.domain.items import Kind, Status
from editor.domain.query import ItemQuery, fold_text, matches
from editor.domain.summary import ItemSummary

AnyIndex = QModelIndex | QPersistentModelIndex
SearchSource = Callable[[str], str]  # item id -> its unfolded search text

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

# data() and flags() run for every painted cell, many times per keystroke: plain ints and a
# ready-made flag value, rather than enum lookups and operators on each call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SUMMARY = int(SUMMARY_ROLE)
_ID = int(ID_ROLE)
_SORT = int(SORT_ROLE)
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.IN_REVIEW: "In review",
    Status.APPROVED: "Approved",
    Status.PUBLISHED: "Published",
    Status.ARCHIVED: "Archived",
}
KIND_LABELS: dict[Kind, str] = {Kind.ANNOUNCEMENT: "Announcement", Kind.EVENT: "Event"}
_STATUS_ORDER = {status: n for n, status in enumerate(Status)}

# Text-search results kept per query, so that backspacing is instant and a longer query
# only looks through what the shorter one found.
_CACHED_QUERIES = 64


class Column(IntEnum):
    TITLE = 0
    KIND = 1
    STATUS = 2
    DATE = 3
    LANGUAGE = 4
    UPDATED = 5


HEADERS = ("Title", "Kind", "Status", "Date", "Language", "Last change")


def _short_moment(moment: datetime) -> str:
    return f"{wallclock.short_day(moment)} {moment:%H:%M}"


def _zone_name(moment: datetime) -> str:
    return str(getattr(moment.tzinfo, "key", None) or moment.tzname() or "")


def date_text(summary: ItemSummary) -> str:
    """The list's date: the event's start in its own zone (wall time), or the publication day."""
    shown = summary.display_date
    if summary.kind == Kind.EVENT:
        if isinstance(shown, datetime):
            return _short_moment(shown)
        return "" if shown is None else wallclock.short_day(shown)
    if not isinstance(shown, datetime):
        return ""
    return wallclock.short_day(shown.astimezone())


def date_tip(summary: ItemSummary) -> str:
    shown = summary.display_date
    if summary.kind == Kind.EVENT:
        zone = _zone_name(summary.sort_moment)
        if isinstance(shown, datetime):
            return f"Starts {wallclock.short_moment(summary.sort_moment)} ({zone})"
        day = wallclock.short_day(shown) if shown is not None else ""
        return f"Starts {day} (all day, {zone})"
    if not isinstance(shown, datetime):
        return "No publication date set"
    return f"Published from {_short_moment(shown.astimezone())}"


def changed_text(summary: ItemSummary, today: date) -> str:
    local = summary.updated_at.astimezone()
    if local.date() == today:
        return f"Today {local:%H:%M}"
    return wallclock.short_day(local)


def _date_key(summary: ItemSummary) -> float:
    if summary.display_date is None:
        return float("-inf")
    return summary.sort_moment.timestamp()


def search_haystack(raw: str) -> str:
    """The folded text a search looks through, each distinct word once.

    Search terms never hold whitespace, so a term is in the whole text exactly when it is
    in one of its words: dropping repeated words changes no result and makes the text
    (and every search through it) several times shorter.
    """
    return fold_text(" ".join(dict.fromkeys(raw.split())))


def _sort_key(summary: ItemSummary, column: int) -> Any:
    if column == Column.TITLE:
        return fold_text(summary.title)
    if column == Column.KIND:
        return summary.kind.value
    if column == Column.STATUS:
        return _STATUS_ORDER[summary.status]
    if column == Column.DATE:
        return _date_key(summary)
    if column == Column.LANGUAGE:
        return summary.language
    return summary.updated_at.astimezone(UTC).timestamp()


@dataclass(slots=True)
class _Row:
    """One item's summary and what the list shows of it, computed on first use and kept."""

    summary: ItemSummary
    id: str
    _display: tuple[str, ...] | None = None
    _title_key: str | None = None

    @classmethod
    def of(cls, summary: ItemSummary) -> _Row:
        return cls(summary, summary.id)

    @property
    def display(self) -> tuple[str, ...]:
        if self._display is None:
            s = self.summary
            self._display = (
                s.title,
                KIND_LABELS[s.kind],
                STATUS_LABELS[s.status],
                date_text(s),
                s.language,
                changed_text(s, date.today()),
            )
        return self._display

    @property
    def title_key(self) -> str:
        if self._title_key is None:
            self._title_key = fold_text(self.summary.title)
        return self._title_key

    def sort_key(self, column: int) -> Any:
        return self.title_key if column == Column.TITLE else _sort_key(self.summary, column)


def _structured(query: ItemQuery) -> ItemQuery:
    """The query without its words (and without its sort, which filtering ignores)."""
    return ItemQuery(
        kind=query.kind,
        status=query.status,
        tag=query.tag,
        language=query.language,
        date_from=query.date_from,
        date_to=query.date_to,
    )


def _no_search_text(_item_id: str) -> str:
    return ""


class ItemTableModel(QAbstractTableModel):
    """Read-only table of item summaries; the controller feeds it, views never change items
    through it. It also answers which rows match a query, from cached search texts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._search_source: SearchSource = _no_search_text
        self._haystacks: dict[str, str] = {}
        # (query without words, folded words) -> ids of the rows matching it, kept current
        # as rows change so that a proxy holding one of these sets stays right.
        self._matches: dict[tuple[ItemQuery, tuple[str, ...]], set[str]] = {}

    # -- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """data() for a row and column (the filter proxy asks here directly)."""
        if role == _DISPLAY:
            return self._rows[row].display[column]
        if role == _SORT:
            return self._rows[row].sort_key(column)
        if role == _TOOLTIP:
            return self._tooltip(self._rows[row].summary, column)
        if role == _SUMMARY:
            return self._rows[row].summary
        if role == _ID:
            return self._rows[row].id
        return None

    @staticmethod
    def _tooltip(summary: ItemSummary, column: int) -> str | None:
        if column == Column.TITLE:
            return f"{summary.title}\n\n{summary.summary}" if summary.summary else summary.title
        if column == Column.DATE:
            return date_tip(summary)
        if column == Column.UPDATED:
            return f"Last saved {_short_moment(summary.updated_at.astimezone())}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    # -- sorting: done here on plain Python keys; a proxy comparing through data() calls
    # would take a second for 10,000 rows.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self._resort()

    def _ordered(self, rows: list[_Row]) -> list[_Row]:
        column = self._sort_column
        if not 0 <= column < len(HEADERS):
            return rows
        # Ties by title, so equal dates or statuses keep a readable order either way.
        ordered = sorted(rows, key=lambda r: r.title_key)
        if column != Column.TITLE:
            ordered.sort(key=lambda r: _sort_key(r.summary, column))
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()
        return ordered

    def _resort(self) -> None:
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in old]
        self._rows = self._ordered(self._rows)
        self._row_of = {row.id: n for n, row in enumerate(self._rows)}
        new = [
            self.index(self._row_of[item_id], i.column())
            for item_id, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- feeding -------------------------------------------------------------------------

    def set_summaries(
        self, summaries: Iterable[ItemSummary], search_source: SearchSource | None = None
    ) -> None:
        """Replace every row (a workspace was opened or reloaded).

        `search_source` gives an item's unfolded search text (title, summary, body) by id;
        it is asked lazily, on the first search or while the window is idle.
        """
        self.beginResetModel()
        self._search_source = search_source or _no_search_text
        self._haystacks = {}
        self._matches = {}
        self._rows = self._ordered([_Row.of(summary) for summary in summaries])
        self._row_of = {row.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def upsert(self, summary: ItemSummary) -> None:
        """Show a saved item: its row changes in place, or a new row is added."""
        self.upsert_many([summary])

    def upsert_many(self, summaries: Iterable[ItemSummary]) -> None:
        """Show several saved items, sorting once at the end."""
        changed = False
        for summary in summaries:
            changed = True
            self._haystacks.pop(summary.id, None)
            row = _Row.of(summary)
            self._update_matches(row)
            n = self._row_of.get(summary.id)
            if n is None:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(row)
                self._row_of[summary.id] = n
                self.endInsertRows()
            else:
                self._rows[n] = row
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(HEADERS) - 1))
        if changed:
            self._resort()

    def remove(self, item_id: UUID | str) -> None:
        key = str(item_id)
        n = self._row_of.get(key)
        if n is None:
            return
        self.beginRemoveRows(QModelIndex(), n, n)
        del self._rows[n]
        self._row_of = {row.id: i for i, row in enumerate(self._rows)}
        self._haystacks.pop(key, None)
        for found in self._matches.values():
            found.discard(key)
        self.endRemoveRows()

    # -- reading -------------------------------------------------------------------------

    def summary_at(self, row: int) -> ItemSummary:
        return self._rows[row].summary

    def id_at(self, row: int) -> str:
        return self._rows[row].id

    def rows_of(self, ids: Collection[str]) -> list[int]:
        """The rows showing these item ids, in ascending order (unknown ids are skipped)."""
        row_of = self._row_of
        if len(ids) * 8 < len(row_of):  # a few matches: look them up and sort
            return sorted(n for n in map(row_of.get, ids) if n is not None)
        # _row_of lists the ids in row order (rebuilt on every reorder, appended to on insert).
        return [n for n, key in enumerate(row_of) if key in ids]

    def item_id_at(self, row: int) -> UUID:
        return UUID(self._rows[row].id)

    def row_of(self, item_id: UUID | str) -> int | None:
        return self._row_of.get(str(item_id))

    def summaries(self) -> list[ItemSummary]:
        return [row.summary for row in self._rows]

    def haystack(self, row: int) -> str:
        """The folded search text of a row, cached until the item changes."""
        return self._haystack(self._rows[row].id)

    def _haystack(self, key: str) -> str:
        found = self._haystacks.get(key)
        if found is None:
            found = self._haystacks[key] = search_haystack(self._search_source(key))
        return found

    def haystack_count(self) -> int:
        """How many rows have their search text built."""
        return len(self._haystacks)

    def warm_up(self, budget_s: float) -> bool:
        """Build search texts ahead of the first search for about `budget_s` seconds (so
        the window never stalls); True once every row has one."""
        missing = len(self._rows) - len(self._haystacks)
        if missing <= 0:
            return True
        deadline = time.perf_counter() + budget_s
        haystacks = self._haystacks
        for row in self._rows:
            if row.id not in haystacks:
                self._haystack(row.id)
                missing -= 1
                if time.perf_counter() > deadline:
                    break
        return missing <= 0

    # -- matching ------------------------------------------------------------------------

    def matching_ids(self, query: ItemQuery) -> set[str] | None:
        """Ids of the rows `query` accepts (None: every row), ignoring its sort.

        The returned set is kept current while rows change, until the next reset.
        """
        structured = _structured(query)
        terms = query.folded_terms()
        if structured == ItemQuery() and not terms:
            return None
        key = (structured, terms)
        found = self._matches.pop(key, None)
        if found is None:
            found = self._find(structured, terms)
        self._matches[key] = found  # most recently used last
        while len(self._matches) > _CACHED_QUERIES:
            del self._matches[next(iter(self._matches))]
        return found

    def _find(self, structured: ItemQuery, terms: tuple[str, ...]) -> set[str]:
        # Start from the smallest cached result that is known to hold every match: same
        # criteria, and words each found inside one of the new words ("hou" -> "hous").
        base: set[str] | None = None
        checked: tuple[str, ...] = ()
        for (criteria, old), found in self._matches.items():
            if criteria != structured or not all(any(o in t for t in terms) for o in old):
                continue
            if base is None or len(found) < len(base):
                base, checked = found, old
        if base is None:
            if structured == ItemQuery():
                keys: list[str] = [row.id for row in self._rows]
            else:
                keys = [r.id for r in self._rows if matches(r.summary, structured)]
        else:
            keys = list(base)
        haystacks = self._haystacks
        for term in terms:
            if term in checked:
                continue
            for key in keys:
                if key not in haystacks:
                    self._haystack(key)
            keys = [key for key in keys if term in haystacks[key]]
        return set(keys)

    def _update_matches(self, row: _Row) -> None:
        # Called before the row's change is announced, so a proxy refiltering it is right.
        for (criteria, terms), found in self._matches.items():
            ok = matches(row.summary, criteria) and (
                not terms or all(term in self._haystack(row.id) for term in terms)
            )
            if ok:
                found.add(row.id)
            else:
                found.discard(row.id)
