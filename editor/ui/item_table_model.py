"""The item list: a table model over the workspace's items and the proxy that filters it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from editor.domain import wallclock
from editor.domain.items import Announcement, Event, Kind, Status
from editor.domain.query import ItemQuery, fold_text, matches, search_text

Item = Announcement | Event
AnyIndex = QModelIndex | QPersistentModelIndex

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.IN_REVIEW: "In review",
    Status.APPROVED: "Approved",
    Status.PUBLISHED: "Published",
    Status.ARCHIVED: "Archived",
}
KIND_LABELS: dict[Kind, str] = {Kind.ANNOUNCEMENT: "Announcement", Kind.EVENT: "Event"}
_STATUS_ORDER = {status: n for n, status in enumerate(Status)}


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


def date_text(item: Item) -> str:
    """The list's date: the event's start in its own zone, or the publication day."""
    if isinstance(item, Event):
        if isinstance(item.start, datetime):
            return _short_moment(item.start)
        return wallclock.short_day(item.start)
    if item.publish_at is None:
        return ""
    return wallclock.short_day(item.publish_at.astimezone())


def date_tip(item: Item) -> str:
    if isinstance(item, Event):
        if isinstance(item.start, datetime):
            moment = item.start_moment()
            return f"Starts {wallclock.short_moment(moment)} ({item.timezone})"
        return f"Starts {wallclock.short_day(item.start)} (all day, {item.timezone})"
    if item.publish_at is None:
        return "No publication date set"
    return f"Published from {_short_moment(item.publish_at.astimezone())}"


def changed_text(item: Item, today: date) -> str:
    local = item.updated_at.astimezone()
    if local.date() == today:
        return f"Today {local:%H:%M}"
    return wallclock.short_day(local)


def _date_key(item: Item) -> float:
    if isinstance(item, Event):
        return item.start_moment().timestamp()
    return item.publish_at.timestamp() if item.publish_at else float("-inf")


@dataclass(slots=True)
class _Row:
    """One item and what the list shows of it, computed on first use and then kept."""

    item: Item
    _display: tuple[str, ...] | None = None
    _sort_keys: tuple[Any, ...] | None = None
    _haystack: str | None = None
    _tag_keys: frozenset[str] | None = None

    @property
    def display(self) -> tuple[str, ...]:
        if self._display is None:
            item = self.item
            self._display = (
                item.title,
                KIND_LABELS[item.kind],
                STATUS_LABELS[item.status],
                date_text(item),
                item.language,
                changed_text(item, date.today()),
            )
        return self._display

    @property
    def sort_keys(self) -> tuple[Any, ...]:
        if self._sort_keys is None:
            item = self.item
            self._sort_keys = (
                fold_text(item.title),
                item.kind.value,
                _STATUS_ORDER[item.status],
                _date_key(item),
                item.language,
                item.updated_at.astimezone(UTC).timestamp(),
            )
        return self._sort_keys

    @property
    def haystack(self) -> str:
        if self._haystack is None:
            self._haystack = search_text(self.item)
        return self._haystack

    @property
    def tag_keys(self) -> frozenset[str]:
        if self._tag_keys is None:
            self._tag_keys = frozenset(" ".join(t.split()).casefold() for t in self.item.tags)
        return self._tag_keys


class ItemTableModel(QAbstractTableModel):
    """Read-only table of items; the controller feeds it, views never change items through it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of: dict[UUID, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display[index.column()]
        if role == SORT_ROLE:
            return row.sort_keys[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row.item, index.column())
        if role == ITEM_ROLE:
            return row.item
        if role == ID_ROLE:
            return str(row.item.id)
        return None

    @staticmethod
    def _tooltip(item: Item, column: int) -> str | None:
        if column == Column.TITLE:
            return f"{item.title}\n\n{item.summary}" if item.summary else item.title
        if column == Column.DATE:
            return date_tip(item)
        if column == Column.UPDATED:
            return f"Last saved {_short_moment(item.updated_at.astimezone())}"
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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

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
        ordered = sorted(rows, key=lambda r: r.sort_keys[0])
        if column != Column.TITLE:
            ordered.sort(key=lambda r: r.sort_keys[column])
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()
        return ordered

    def _resort(self) -> None:
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].item.id for i in old]
        self._rows = self._ordered(self._rows)
        self._row_of = {row.item.id: n for n, row in enumerate(self._rows)}
        new = [
            self.index(self._row_of[item_id], i.column())
            for item_id, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- feeding -------------------------------------------------------------------------

    def set_items(self, items: list[Item]) -> None:
        """Replace every row (a workspace was opened or reloaded)."""
        self.beginResetModel()
        self._rows = self._ordered([_Row(item) for item in items])
        self._row_of = {row.item.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def upsert(self, item: Item) -> None:
        """Show a saved item: its row changes in place, or a new row is added."""
        n = self._row_of.get(item.id)
        if n is None:
            n = len(self._rows)
            self.beginInsertRows(QModelIndex(), n, n)
            self._rows.append(_Row(item))
            self._row_of[item.id] = n
            self.endInsertRows()
        else:
            self._rows[n] = _Row(item)
            self.dataChanged.emit(self.index(n, 0), self.index(n, len(HEADERS) - 1))
        self._resort()

    def remove(self, item_id: UUID) -> None:
        n = self._row_of.get(item_id)
        if n is None:
            return
        self.beginRemoveRows(QModelIndex(), n, n)
        del self._rows[n]
        self._row_of = {row.item.id: i for i, row in enumerate(self._rows)}
        self.endRemoveRows()

    # -- reading -------------------------------------------------------------------------

    def item_at(self, row: int) -> Item:
        return self._rows[row].item

    def row_of(self, item_id: UUID) -> int | None:
        return self._row_of.get(item_id)

    def items(self) -> list[Item]:
        return [row.item for row in self._rows]

    def haystack(self, row: int) -> str:
        """The folded search text of a row, cached until the item changes."""
        return self._rows[row].haystack

    def tag_keys(self, row: int) -> frozenset[str]:
        return self._rows[row].tag_keys

    def warm_up(self, start: int, count: int) -> int:
        """Build search texts for rows start..start+count ahead of the first search; next start."""
        end = min(start + count, len(self._rows))
        for row in self._rows[start:end]:
            _ = row.haystack
        return end


class ItemFilterProxyModel(QSortFilterProxyModel):
    """Filters the item list by an ItemQuery (kind, status, tag, language and words)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = ItemTableModel(self)
        self._query = ItemQuery()
        self._structured: ItemQuery | None = None  # the query without its words
        self._terms: tuple[str, ...] = ()
        self._tag_key: str | None = None
        self.setDynamicSortFilter(True)

    def query(self) -> ItemQuery:
        return self._query

    def set_query(self, query: ItemQuery) -> None:
        if query == self._query:
            return
        self.beginFilterChange()
        self._query = query
        self._terms = query.folded_terms()
        self._tag_key = " ".join(query.tag.split()).casefold() if query.tag else None
        rest = ItemQuery(language=query.language, date_from=query.date_from, date_to=query.date_to)
        self._structured = None if rest == ItemQuery() else rest
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, ItemTableModel)
        self._model = model
        super().setSourceModel(model)

    def _source(self) -> ItemTableModel:
        return self._model

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        # Called once per row on every keystroke: plain attribute reads only.
        row = self._model._rows[source_row]
        item = row.item
        query = self._query
        if query.kind is not None and item.kind != query.kind:
            return False
        if query.status is not None and item.status != query.status:
            return False
        if self._tag_key is not None and self._tag_key not in row.tag_keys:
            return False
        if self._structured is not None and not matches(item, self._structured):
            return False
        terms = self._terms
        if not terms:
            return True
        haystack = row.haystack
        if len(terms) == 1:
            return terms[0] in haystack
        return all(term in haystack for term in terms)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts (fast, on cached keys); this proxy keeps the source order.
        self._source().sort(column, order)
