"""Filtering and sorting items: the pure rules behind list views and `noticeboard list`."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from editor.domain.items import Announcement, Event, Kind, Status

Item = Announcement | Event

# Combining accents (all four Unicode blocks), Arabic vowel marks and the tatweel that only
# stretches a word: none of them should decide whether a search finds it.
_MARKS = re.compile(
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
)


def fold_text(text: str) -> str:
    """Case- and accent-insensitive form, so 'geneve' finds 'Genève' and 'GENÈVE'."""
    if text.isascii():
        return text.lower()  # the same result, ten times faster: most text is plain ASCII
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def search_text(item: Item) -> str:
    """What a text search looks through: title, summary and body, folded."""
    return fold_text(f"{item.title}\n{item.summary}\n{item.body}")


class SortKey(StrEnum):
    TITLE = "title"
    DATE = "date"
    UPDATED = "updated"
    CREATED = "created"
    STATUS = "status"


@dataclass(frozen=True)
class ItemQuery:
    """A filter over items; every criterion left as None matches everything."""

    kind: Kind | None = None
    status: Status | None = None
    tag: str | None = None
    language: str | None = None
    text: str | None = None
    date_from: date | None = None  # on the item's date (publish date or event start)
    date_to: date | None = None  # inclusive
    sort: SortKey = SortKey.UPDATED
    descending: bool = True

    def folded_terms(self) -> tuple[str, ...]:
        return self._terms

    @functools.cached_property
    def _terms(self) -> tuple[str, ...]:
        # Cached: matches() asks once per item, and folding is not free.
        return tuple(fold_text(self.text).split()) if self.text else ()


class Listable(Protocol):
    """What filtering and sorting read: a full item, or a light ItemSummary."""

    @property
    def id(self) -> object: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def status(self) -> Status: ...
    @property
    def title(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def display_date(self) -> datetime | date | None: ...
    @property
    def sort_moment(self) -> datetime: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...


L = TypeVar("L", bound=Listable)


def item_day(item: Listable) -> date | None:
    """The item's calendar day: the event's first day in its own zone, or the publish day."""
    value = item.display_date
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def matches(item: Listable, query: ItemQuery, haystack: str | None = None) -> bool:
    """True when `item` passes every criterion of `query`; `haystack` is its folded text.

    A text query needs `haystack` unless `item` is a full item (then it is computed).
    """
    if query.kind is not None and item.kind != query.kind:
        return False
    if query.status is not None and item.status != query.status:
        return False
    if query.tag is not None and _tag_key(query.tag) not in {_tag_key(t) for t in item.tags}:
        return False
    if query.language is not None and not _language_matches(item.language, query.language):
        return False
    if query.date_from is not None or query.date_to is not None:
        day = item_day(item)
        if day is None:
            return False
        if query.date_from is not None and day < query.date_from:
            return False
        if query.date_to is not None and day > query.date_to:
            return False
    terms = query.folded_terms()
    if terms:
        if haystack is None:
            if not isinstance(item, Announcement | Event):
                raise TypeError("a text query on a summary needs its haystack")
            haystack = search_text(item)
        text = haystack
        return all(term in text for term in terms)
    return True


def _tag_key(tag: str) -> str:
    # The same cleaning items apply to their tags, so " Migration " finds "migration".
    return " ".join(tag.split()).casefold()


def _language_matches(language: str, wanted: str) -> bool:
    # 'en' matches 'en-GB' too: people filter by language, not by region.
    language = language.casefold()
    wanted = wanted.strip().replace("_", "-").casefold()
    return language == wanted or language.startswith(wanted + "-")


def sort_items(items: list[L], key: SortKey, *, descending: bool) -> list[L]:
    """Sorted copy; ties broken by title then id so the order is stable across runs."""
    items = sorted(items, key=lambda i: (i.title, str(i.id)))
    if key == SortKey.TITLE:
        folded = {id(i): fold_text(i.title) for i in items}
        return sorted(items, key=lambda i: folded[id(i)], reverse=descending)
    if key == SortKey.DATE:
        return sorted(items, key=lambda i: i.sort_moment.astimezone(UTC), reverse=descending)
    if key == SortKey.CREATED:
        return sorted(items, key=lambda i: i.created_at, reverse=descending)
    if key == SortKey.STATUS:
        order = {status: n for n, status in enumerate(Status)}
        return sorted(items, key=lambda i: order[i.status], reverse=descending)
    return sorted(items, key=lambda i: i.updated_at, reverse=descending)
