"""The item list model and its filter proxy: Qt's model rules, columns, sorting, filtering."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from editor.domain.items import Announcement, Event, Kind, Status, parse_item
from editor.domain.query import ItemQuery, search_text
from editor.domain.summary import ItemSummary
from editor.storage.samples import sample_items
from editor.ui.item_filter_proxy import ItemFilterProxyModel
from editor.ui.item_table_model import (
    SUMMARY_ROLE,
    Column,
    ItemTableModel,
    date_text,
    search_haystack,
)

Item = Announcement | Event


class Texts(dict[str, str]):
    """Search texts by id, as the workspace gives them (the model asks lazily)."""

    def add(self, item: Item) -> ItemSummary:
        self[str(item.id)] = f"{item.title}\n{item.summary}\n{item.body}"
        return ItemSummary.from_item(item)

    def source(self, item_id: str) -> str:
        return self[item_id]


@pytest.fixture
def items() -> list[Item]:
    return sample_items()


@pytest.fixture
def texts() -> Texts:
    return Texts()


def fill(model: ItemTableModel, items: list[Item], texts: Texts) -> None:
    model.set_summaries([texts.add(item) for item in items], texts.source)


@pytest.fixture
def model(items: list[Item], texts: Texts) -> ItemTableModel:
    table = ItemTableModel()
    fill(table, items, texts)
    return table


@pytest.fixture
def proxy(model: ItemTableModel) -> ItemFilterProxyModel:
    filtered = ItemFilterProxyModel()
    filtered.setSourceModel(model)
    return filtered


def titles(proxy: ItemFilterProxyModel) -> list[str]:
    return [proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())]


def many(count: int) -> list[Item]:
    base = sample_items()
    out: list[Item] = []
    for n in range(count):
        item = base[n % len(base)]
        out.append(
            parse_item(
                item.model_dump() | {"id": uuid.uuid4(), "title": f"{item.title} {n}", "slug": ""}
            )
        )
    return out


def test_qtmodeltester_on_the_model(qtmodeltester: Any, model: ItemTableModel) -> None:
    qtmodeltester.check(model)


def test_qtmodeltester_on_the_proxy(qtmodeltester: Any, proxy: ItemFilterProxyModel) -> None:
    proxy.set_query(ItemQuery(kind=Kind.EVENT))
    qtmodeltester.check(proxy)


def test_qtmodeltester_on_an_empty_model(qtmodeltester: Any) -> None:
    qtmodeltester.check(ItemTableModel())


def test_columns_and_headers(model: ItemTableModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Title", "Kind", "Status", "Date", "Language", "Last change"]
    assert model.rowCount() == 8
    assert model.rowCount(model.index(0, 0)) == 0


def test_row_values(model: ItemTableModel, items: list[Item]) -> None:
    row = model.row_of(items[0].id)
    assert row is not None
    values = [model.index(row, c).data() for c in range(model.columnCount())]
    assert values[:3] == [items[0].title, "Announcement", "Published"]
    assert values[3] == "30 May 2022"
    assert values[4] == "en"
    assert model.index(row, 0).data(SUMMARY_ROLE) == ItemSummary.from_item(items[0])


def test_event_date_is_its_start_in_its_own_zone(items: list[Item]) -> None:
    event = next(i for i in items if isinstance(i, Event) and isinstance(i.start, datetime))
    text = date_text(ItemSummary.from_item(event))
    assert text.endswith(f"{event.start:%H:%M}")


def test_event_tooltip_names_its_zone(model: ItemTableModel, items: list[Item]) -> None:
    event = next(i for i in items if isinstance(i, Event) and isinstance(i.start, datetime))
    row = model.row_of(event.id)
    assert row is not None
    tip = model.index(row, Column.DATE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Starts ") and tip.endswith(f"({event.timezone})")


def test_all_day_event_shows_its_day(items: list[Item]) -> None:
    event = next(i for i in items if isinstance(i, Event) and i.all_day)
    assert date_text(ItemSummary.from_item(event)) == "17 May 2022"


def test_the_haystack_keeps_every_word_once_folded() -> None:
    assert search_haystack("Genève and\nGenève and  Zürich") == "geneve and zurich"
    assert search_haystack("GENÈVE") == "geneve"


def test_sorting_by_title_ignores_accents_and_case(proxy: ItemFilterProxyModel) -> None:
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    shown = titles(proxy)
    assert shown[0].startswith("Annual Mayors")
    assert shown.index("Launch of the Local Inclusion Toolkit") > shown.index(
        "Ecuador and Portugal to co-chair the Cities and Migration Forum from July 2022"
    )
    proxy.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert titles(proxy) == list(reversed(shown))


def test_sorting_by_date_puts_items_without_a_date_first(proxy: ItemFilterProxyModel) -> None:
    proxy.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    dates = [proxy.index(r, Column.DATE).data() for r in range(proxy.rowCount())]
    assert dates[0] == ""
    assert dates[-1].startswith("16 Mar 2027")


def test_sorting_keeps_the_selection_on_the_same_item(model: ItemTableModel) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    chosen = QPersistentModelIndex(model.index(3, 0))
    item = chosen.data(SUMMARY_ROLE)
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert chosen.data(SUMMARY_ROLE) == item


def test_upsert_changes_a_row_in_place(
    model: ItemTableModel, items: list[Item], texts: Texts
) -> None:
    changed = parse_item(items[4].model_dump() | {"status": Status.ARCHIVED})
    model.upsert(texts.add(changed))
    assert model.rowCount() == 8
    row = model.row_of(changed.id)
    assert row is not None
    assert model.index(row, Column.STATUS).data() == "Archived"


def test_upsert_adds_a_new_row(qtmodeltester: Any, model: ItemTableModel, texts: Texts) -> None:
    model.upsert(texts.add(Announcement(title="Brand new")))
    assert model.rowCount() == 9
    qtmodeltester.check(model)


def test_remove(model: ItemTableModel, items: list[Item]) -> None:
    model.remove(items[0].id)
    assert model.rowCount() == 7
    assert model.row_of(items[0].id) is None
    assert model.row_of(items[1].id) is not None


def test_text_search_folds_accents_and_case(proxy: ItemFilterProxyModel) -> None:
    proxy.set_query(ItemQuery(text="equateur"))
    assert len(titles(proxy)) == 1
    proxy.set_query(ItemQuery(text="ÉQUATEUR portugal"))
    assert len(titles(proxy)) == 1
    proxy.set_query(ItemQuery(text="equateur nowhere"))
    assert titles(proxy) == []


def test_search_looks_into_summary_and_body(proxy: ItemFilterProxyModel) -> None:
    proxy.set_query(ItemQuery(text="joint statement"))  # only in a body
    assert titles(proxy) == [
        "Ecuador and Portugal to co-chair the Cities and Migration Forum from July 2022"
    ]


def test_structured_filters(proxy: ItemFilterProxyModel) -> None:
    proxy.set_query(ItemQuery(kind=Kind.EVENT))
    assert proxy.rowCount() == 3
    proxy.set_query(ItemQuery(kind=Kind.EVENT, status=Status.DRAFT))
    assert titles(proxy) == ["Annual Mayors' Forum 2027"]
    proxy.set_query(ItemQuery(language="fr"))
    assert proxy.rowCount() == 1
    proxy.set_query(ItemQuery(tag=" FORUM "))
    assert proxy.rowCount() >= 2
    proxy.set_query(ItemQuery())
    assert proxy.rowCount() == 8


def test_an_edited_item_is_searched_by_its_new_text(
    model: ItemTableModel, proxy: ItemFilterProxyModel, items: list[Item], texts: Texts
) -> None:
    proxy.set_query(ItemQuery(text="zanzibar"))
    assert proxy.rowCount() == 0
    model.upsert(texts.add(parse_item(items[0].model_dump() | {"summary": "Now in Zanzibar."})))
    assert proxy.rowCount() == 1
    model.upsert(texts.add(items[0]))
    assert proxy.rowCount() == 0


def test_an_edited_item_leaves_or_joins_a_structured_filter(
    model: ItemTableModel, proxy: ItemFilterProxyModel, items: list[Item], texts: Texts
) -> None:
    proxy.set_query(ItemQuery(status=Status.ARCHIVED, text="e"))
    assert proxy.rowCount() == 0
    model.upsert(texts.add(parse_item(items[4].model_dump() | {"status": Status.ARCHIVED})))
    assert titles(proxy) == [items[4].title]


def test_removed_rows_leave_the_filtered_list(
    model: ItemTableModel, proxy: ItemFilterProxyModel, items: list[Item]
) -> None:
    proxy.set_query(ItemQuery(text="e"))
    before = proxy.rowCount()
    model.remove(items[0].id)
    assert proxy.rowCount() == before - 1


def test_longer_shorter_and_repeated_queries_agree_with_a_fresh_search(
    items: list[Item], texts: Texts
) -> None:
    typed = "cities migr"
    steps = [typed[:n] for n in range(1, len(typed) + 1)]
    steps += [*reversed(steps), "forum", "for", "forum city", "migr cit"]
    model = ItemTableModel()
    fill(model, items, texts)
    for text in steps:
        query = ItemQuery(text=text, kind=Kind.EVENT if "for" in text else None)
        fresh = ItemTableModel()
        fresh.set_summaries(model.summaries(), texts.source)
        expected = {
            str(i.id)
            for i in items
            if all(t in search_text(i) for t in query.folded_terms())
            and (query.kind is None or i.kind == query.kind)
        }
        assert model.matching_ids(query) == expected == fresh.matching_ids(query), text


def test_a_reset_drops_the_old_matches(
    model: ItemTableModel, proxy: ItemFilterProxyModel, items: list[Item], texts: Texts
) -> None:
    proxy.set_query(ItemQuery(text="equateur"))
    assert proxy.rowCount() == 1
    fill(model, items[:1], texts)
    assert proxy.rowCount() == 0
    fill(model, items, texts)
    assert proxy.rowCount() == 1


def test_warm_up_builds_search_texts_in_slices(model: ItemTableModel) -> None:
    assert not model.warm_up(0.0)  # one row at least, then the time is up
    while not model.warm_up(0.001):
        pass
    assert model.haystack(0)


@pytest.mark.slow
def test_ten_thousand_items_sort_and_filter() -> None:
    # Speed is measured by `make bench` (bench_window); this checks the results at scale.
    texts = Texts()
    data = [texts.add(item) for item in many(10_000)]
    model = ItemTableModel()
    proxy = ItemFilterProxyModel()
    proxy.setSourceModel(model)
    model.set_summaries(data, texts.source)
    model.warm_up(60.0)
    proxy.sort(Column.UPDATED, Qt.SortOrder.DescendingOrder)
    for text in ("c", "ci", "cit", "citi", "cities"):
        proxy.set_query(ItemQuery(text=text))
        expected = sum(text in texts[s.id].casefold() for s in data)
        assert proxy.rowCount(QModelIndex()) == expected
    updated = [proxy.index(r, 0).data(SUMMARY_ROLE).updated_at for r in range(proxy.rowCount())]
    assert updated == sorted(updated, reverse=True)
