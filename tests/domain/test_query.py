"""Filtering and sorting items for list views and `noticeboard list`."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.domain import Announcement, Event, ItemQuery, Kind, SortKey, Status
from editor.domain.query import fold_text, item_day, matches, search_text, sort_items

from .factories import announcement, event

FAST = settings(max_examples=150, deadline=None)
T0 = datetime(2022, 1, 1, tzinfo=UTC)

Item = Announcement | Event


def ids(items: list[Item]) -> list[str]:
    return [i.title for i in items]


def select(items: list[Item], **criteria: object) -> list[str]:
    query = ItemQuery(**criteria)  # type: ignore[arg-type]
    return [i.title for i in items if matches(i, query)]


@pytest.fixture
def board() -> list[Item]:
    return [
        announcement(
            title="Genève joins the network",
            tags=["Network", "Cities"],
            language="fr-CH",
            status="published",
            publish_at="2022-04-13T09:00+02:00",
        ),
        announcement(title="Response to the report", summary="Housing first", language="en-GB"),
        event(
            title="Peer-learning visit",
            tags=["housing"],
            body="We visit the **reception centre** in Zürich.",
            status="approved",
            language="en",
        ),
        event(
            title="Late-night briefing",
            timezone="America/New_York",
            start="2022-04-12T23:00",  # 13 April in Brussels, but the 12th where it happens
            end="2022-04-12T23:30",
        ),
        event(title="Workshop", all_day=True, start="2022-05-17", end="2022-05-21"),
    ]


def test_no_criteria_matches_everything(board: list[Item]) -> None:
    assert select(board) == ids(board)


def test_filter_by_kind_and_status(board: list[Item]) -> None:
    assert select(board, kind=Kind.ANNOUNCEMENT) == [
        "Genève joins the network",
        "Response to the report",
    ]
    assert select(board, kind=Kind.EVENT, status=Status.DRAFT) == [
        "Late-night briefing",
        "Workshop",
    ]
    assert select(board, status=Status.APPROVED) == ["Peer-learning visit"]


@pytest.mark.parametrize("tag", ["housing", "HOUSING", " Housing "])
def test_filter_by_tag_ignores_case_and_spacing(board: list[Item], tag: str) -> None:
    assert select(board, tag=tag) == ["Peer-learning visit"]


def test_filter_by_tag_is_whole_tag(board: list[Item]) -> None:
    assert select(board, tag="net") == []
    assert select(board, tag="cities") == ["Genève joins the network"]


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        (
            "en",
            ["Response to the report", "Peer-learning visit", "Late-night briefing", "Workshop"],
        ),
        ("en-GB", ["Response to the report"]),
        ("en_gb", ["Response to the report"]),
        ("EN-gb", ["Response to the report"]),
        ("fr", ["Genève joins the network"]),
        ("e", []),
        ("de", []),
    ],
)
def test_filter_by_language_covers_regions(
    board: list[Item], language: str, titles: list[str]
) -> None:
    assert select(board, language=language) == titles


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("geneve", ["Genève joins the network"]),
        ("GENÈVE network", ["Genève joins the network"]),
        ("genève report", []),
        ("zurich reception", ["Peer-learning visit"]),
        ("HOUSING", ["Response to the report"]),  # summaries count; tags do not
        (
            "  ",
            [
                "Genève joins the network",
                "Response to the report",
                "Peer-learning visit",
                "Late-night briefing",
                "Workshop",
            ],
        ),
    ],
)
def test_filter_by_text_needs_every_term(board: list[Item], text: str, titles: list[str]) -> None:
    assert select(board, text=text) == titles


def test_a_cached_haystack_is_used(board: list[Item]) -> None:
    query = ItemQuery(text="anything")
    assert matches(board[0], query, haystack="there is anything here")
    assert not matches(board[0], ItemQuery(text="genève"), haystack="")


def test_filter_by_date_uses_the_events_own_day(board: list[Item]) -> None:
    day = date(2022, 4, 13)
    assert select(board, date_from=day, date_to=day) == [
        "Genève joins the network",
        "Peer-learning visit",
    ]
    assert select(board, date_from=date(2022, 4, 12), date_to=date(2022, 4, 12)) == [
        "Late-night briefing"
    ]


def test_date_range_is_inclusive_and_open_ended(board: list[Item]) -> None:
    assert select(board, date_from=date(2022, 5, 17)) == ["Workshop"]
    assert select(board, date_to=date(2022, 4, 12)) == ["Late-night briefing"]
    # An all-day event is found on its first day only.
    assert select(board, date_from=date(2022, 5, 18), date_to=date(2022, 5, 21)) == []


def test_items_without_a_date_are_left_out_of_date_filters(board: list[Item]) -> None:
    assert "Response to the report" not in select(board, date_from=date(2000, 1, 1))


def test_item_day() -> None:
    assert item_day(announcement()) is None
    assert item_day(announcement(publish_at="2022-04-13T23:30+02:00")) == date(2022, 4, 13)
    assert item_day(event(all_day=True, start="2022-05-17", end="2022-05-18")) == date(2022, 5, 17)


def test_search_text_is_folded_title_summary_and_body() -> None:
    item = announcement(title="Café", summary="Ümlaut", body="BODY")
    assert search_text(item) == "cafe\numlaut\nbody"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Genève", "geneve"),
        ("GENÈVE", "geneve"),
        ("Straße", "strasse"),
        ("Ærø", "ærø"),
        ("ﬁnance", "finance"),
        ("\uff26\uff55\uff4c\uff4c", "full"),  # full-width letters
        ("مُهَاجِر", "مهاجر"),
        ("مهـــاجر", "مهاجر"),  # tatweel only stretches the word
        ("Niño", "nino"),
    ],
)
def test_fold_text(text: str, folded: str) -> None:
    assert fold_text(text) == folded


# --- sorting ---------------------------------------------------------------------------


def dated(title: str, minutes: int, **fields: object) -> Announcement:
    moment = T0 + timedelta(minutes=minutes)
    return announcement(title=title, created_at=moment, updated_at=moment, **fields)


def test_sort_by_title_folds_accents_and_case() -> None:
    items: list[Item] = [dated("zebra", 0), dated("Émile", 1), dated("apple", 2)]
    assert ids(sort_items(items, SortKey.TITLE, descending=False)) == ["apple", "Émile", "zebra"]
    assert ids(sort_items(items, SortKey.TITLE, descending=True)) == ["zebra", "Émile", "apple"]


def test_sort_by_updated_and_created() -> None:
    items: list[Item] = [dated("b", 5), dated("a", 1), dated("c", 9)]
    assert ids(sort_items(items, SortKey.UPDATED, descending=True)) == ["c", "b", "a"]
    assert ids(sort_items(items, SortKey.CREATED, descending=False)) == ["a", "b", "c"]


def test_sort_by_date_mixes_events_and_announcements_as_instants() -> None:
    items: list[Item] = [
        event(title="Brussels 15:00", start="2022-04-13T15:00", end="2022-04-13T16:00"),  # 13:00Z
        event(
            title="New York 08:00",
            timezone="America/New_York",
            start="2022-04-13T08:00",  # 12:00Z
            end="2022-04-13T09:00",
        ),
        announcement(title="News 12:30Z", publish_at="2022-04-13T12:30Z"),
        event(
            title="Second 02:30",
            start="2022-10-30T02:30",
            start_fold=1,
            end="2022-10-30T04:00",
        ),
        event(
            title="First 02:45",
            start="2022-10-30T02:45",
            start_fold=0,
            end="2022-10-30T04:00",
        ),
    ]
    assert ids(sort_items(items, SortKey.DATE, descending=False)) == [
        "New York 08:00",
        "News 12:30Z",
        "Brussels 15:00",
        "First 02:45",
        "Second 02:30",
    ]


def test_sort_by_status_follows_the_workflow() -> None:
    items: list[Item] = [
        dated("p", 0, status="published"),
        dated("d", 0, status="draft"),
        dated("a", 0, status="archived"),
        dated("r", 0, status="in_review"),
    ]
    assert ids(sort_items(items, SortKey.STATUS, descending=False)) == ["d", "r", "p", "a"]


@pytest.mark.parametrize("key", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_ties_are_broken_by_title_then_id_whatever_the_input_order(
    key: SortKey, descending: bool
) -> None:
    items: list[Item] = [dated(title, 0) for title in ("b", "a", "c", "a", "B")]
    first = sort_items(items, key, descending=descending)
    again = sort_items(list(reversed(items)), key, descending=descending)
    assert [i.id for i in first] == [i.id for i in again]
    assert sort_items(items, key, descending=descending) is not items


def test_the_default_query_sorts_newest_change_first() -> None:
    query = ItemQuery()
    assert (query.sort, query.descending) == (SortKey.UPDATED, True)
    assert query.folded_terms() == ()
    assert ItemQuery(text="Genève  Zürich").folded_terms() == ("geneve", "zurich")


# --- properties ------------------------------------------------------------------------

_LATIN = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿñáíóúãõßæœ"
words = st.text(st.sampled_from(_LATIN + _LATIN.upper()), min_size=1, max_size=12)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@FAST
@given(st.text())
def test_fold_text_is_idempotent(text: str) -> None:
    assert fold_text(fold_text(text)) == fold_text(text)


@FAST
@given(words)
def test_fold_text_ignores_case_and_accents(word: str) -> None:
    assert fold_text(word.upper()) == fold_text(word.lower()) == fold_text(word)
    assert fold_text(strip_accents(word)) == fold_text(word)


@FAST
@given(st.lists(words, min_size=1, max_size=6), st.data())
def test_every_word_of_the_title_finds_it(title_words: list[str], data: st.DataObject) -> None:
    item = announcement(title=" ".join(title_words))
    chosen = data.draw(st.lists(st.sampled_from(title_words), min_size=1, max_size=3))
    spelled = data.draw(st.sampled_from([str.upper, str.lower, strip_accents, str.title]))
    query = ItemQuery(text=" ".join(spelled(w) for w in chosen))
    assert matches(item, query)
    assert matches(item, query, haystack=search_text(item))


@FAST
@given(st.lists(words, min_size=1, max_size=4), words)
def test_a_word_not_in_the_item_does_not_find_it(title_words: list[str], other: str) -> None:
    item = announcement(title=" ".join(title_words))
    folded = fold_text(other)
    if folded in search_text(item):
        return
    assert not matches(item, ItemQuery(text=f"{title_words[0]} {other}"))
