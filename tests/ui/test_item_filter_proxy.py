"""The item list's filter proxy: it follows every kind of source change and keeps selections."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QSignalSpy

from editor.domain.items import Announcement, Event, Kind, Status, parse_item
from editor.domain.query import ItemQuery, search_text
from editor.domain.summary import ItemSummary
from editor.storage.samples import sample_items
from editor.ui.item_filter_proxy import ItemFilterProxyModel
from editor.ui.item_table_model import Column, ItemTableModel

Item = Announcement | Event


class World:
    """The items behind a model, and what the filtered list should show for a query."""

    def __init__(self, items: list[Item]) -> None:
        self.items = {str(item.id): item for item in items}
        self.model = ItemTableModel()
        self.model.set_summaries(self.summaries(), self.text)
        self.proxy = ItemFilterProxyModel()
        self.proxy.setSourceModel(self.model)

    def text(self, item_id: str) -> str:
        item = self.items[item_id]
        return f"{item.title}\n{item.summary}\n{item.body}"

    def summaries(self) -> list[ItemSummary]:
        return [ItemSummary.from_item(item) for item in self.items.values()]

    def shown_ids(self) -> list[str]:
        proxy = self.proxy
        return [
            proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(proxy.rowCount())
        ]

    def expected_ids(self) -> list[str]:
        query = self.proxy.query()
        wanted = {
            key
            for key, item in self.items.items()
            if all(term in search_text(item) for term in query.folded_terms())
            and (query.kind is None or item.kind == query.kind)
            and (query.status is None or item.status == query.status)
        }
        return [s.id for s in self.model.summaries() if s.id in wanted]

    def upsert(self, item: Item) -> None:
        self.items[str(item.id)] = item
        self.model.upsert(ItemSummary.from_item(item))

    def remove(self, key: str) -> None:
        del self.items[key]
        self.model.remove(key)


def fresh_item(rng: random.Random) -> Item:
    base = rng.choice(sample_items())
    words = rng.sample(["housing", "forum", "cities", "migration", "launch", "report"], 2)
    return parse_item(
        base.model_dump()
        | {"id": uuid.uuid4(), "title": f"{base.title} {' '.join(words)}", "slug": ""}
    )


@pytest.fixture
def world() -> World:
    return World(sample_items())


def test_qtmodeltester_while_queries_and_rows_change(qtmodeltester: Any, world: World) -> None:
    qtmodeltester.check(world.proxy)
    rng = random.Random(7)
    world.proxy.set_query(ItemQuery(text="e"))
    world.upsert(fresh_item(rng))
    world.proxy.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    world.remove(next(iter(world.items)))
    world.proxy.set_query(ItemQuery(kind=Kind.EVENT))
    world.model.set_summaries(world.summaries(), world.text)
    assert world.shown_ids() == world.expected_ids()


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_match_a_fresh_filter(seed: int) -> None:
    rng = random.Random(seed)
    world = World([fresh_item(rng) for _ in range(30)])
    queries = [
        ItemQuery(),
        ItemQuery(text="hous"),
        ItemQuery(text="forum cit"),
        ItemQuery(kind=Kind.EVENT),
        ItemQuery(status=Status.DRAFT, text="r"),
    ]
    for _ in range(60):
        step = rng.randrange(6)
        if step == 0:
            world.proxy.set_query(rng.choice(queries))
        elif step == 1:
            world.upsert(fresh_item(rng))
        elif step == 2 and world.items:
            world.remove(rng.choice(list(world.items)))
        elif step == 3 and world.items:
            key = rng.choice(list(world.items))
            status = rng.choice(list(Status))
            world.upsert(parse_item(world.items[key].model_dump() | {"status": status}))
        elif step == 4:
            order = rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
            world.proxy.sort(rng.choice(list(Column)), order)
        else:
            key = rng.choice(list(world.items))
            new_title = f"Renamed {rng.choice(['housing', 'zebra'])} {rng.random():.3f}"
            world.upsert(parse_item(world.items[key].model_dump() | {"title": new_title}))
        assert world.shown_ids() == world.expected_ids(), step
        for row, source_row in enumerate(world.proxy._rows):
            assert world.proxy.mapFromSource(world.model.index(source_row, 0)).row() == row


def test_a_selected_row_follows_its_item_through_queries_and_sorting(world: World) -> None:
    proxy = world.proxy
    target = next(k for k in world.expected_ids() if "forum" in world.text(k).lower())
    row = world.shown_ids().index(target)
    held = QPersistentModelIndex(proxy.index(row, Column.STATUS))
    proxy.set_query(ItemQuery(text="forum"))
    assert held.isValid() and world.shown_ids()[held.row()] == target
    assert held.column() == Column.STATUS
    proxy.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert world.shown_ids()[held.row()] == target
    proxy.set_query(ItemQuery(text="zzzz-nothing"))
    assert not held.isValid()


def test_a_query_change_is_one_layout_change_not_row_by_row(world: World) -> None:
    removed = QSignalSpy(world.proxy.rowsRemoved)
    layouts = QSignalSpy(world.proxy.layoutChanged)
    world.proxy.set_query(ItemQuery(text="forum"))
    world.proxy.set_query(ItemQuery(text="forum"))  # the same query again: nothing to do
    assert (removed.count(), layouts.count()) == (0, 1)


def test_an_edit_outside_the_filter_announces_nothing(world: World) -> None:
    world.proxy.set_query(ItemQuery(kind=Kind.EVENT))
    announcement = next(i for i in world.items.values() if i.kind == Kind.ANNOUNCEMENT)
    changed = QSignalSpy(world.proxy.dataChanged)
    inserted = QSignalSpy(world.proxy.rowsInserted)
    world.upsert(parse_item(announcement.model_dump() | {"summary": "Edited."}))
    assert (changed.count(), inserted.count()) == (0, 0)


def test_an_empty_list_has_no_children_and_maps_nothing(world: World) -> None:
    world.proxy.set_query(ItemQuery(text="zzzz-nothing"))
    assert world.proxy.rowCount() == 0
    assert not world.proxy.hasChildren()
    assert not world.proxy.mapFromSource(world.model.index(0, 0)).isValid()
    assert not world.proxy.index(0, 0).isValid()


def test_an_edit_that_leaves_the_filter_removes_its_row_at_once(world: World) -> None:
    draft = next(i for i in world.items.values() if i.status == Status.DRAFT)
    world.proxy.set_query(ItemQuery(status=Status.DRAFT))
    removed = QSignalSpy(world.proxy.rowsRemoved)
    world.upsert(parse_item(draft.model_dump() | {"status": Status.PUBLISHED}))
    assert removed.count() == 1
    assert str(draft.id) not in world.shown_ids()
