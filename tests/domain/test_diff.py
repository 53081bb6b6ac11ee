"""Word-level body diffs and field-by-field diffs."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from editor.domain.diff import (
    FieldChange,
    Span,
    changed_words,
    field_changes,
    format_value,
    side,
    word_diff,
)
from editor.domain.items import Status


def test_a_changed_word_is_one_delete_and_one_insert() -> None:
    spans = word_diff("The forum opens on Monday.", "The forum opens on Tuesday.")
    assert spans == [
        Span("equal", "The forum opens on "),
        Span("delete", "Monday"),
        Span("insert", "Tuesday"),
        Span("equal", "."),
    ]
    assert changed_words(spans) == (1, 1)


def test_identical_texts_are_one_equal_span() -> None:
    assert word_diff("same\ntext\n", "same\ntext\n") == [Span("equal", "same\ntext\n")]
    assert word_diff("", "") == []


def test_added_paragraph_is_an_insert() -> None:
    spans = word_diff("One.\n", "One.\n\nTwo more words.\n")
    assert [s.op for s in spans] == ["equal", "insert"]
    assert changed_words(spans) == (3, 0)


@given(st.text(max_size=80), st.text(max_size=80))
def test_both_sides_join_back_exactly(old: str, new: str) -> None:
    spans = word_diff(old, new)
    assert side(spans, "old") == old
    assert side(spans, "new") == new


def test_a_long_body_with_a_few_edits_diffs_quickly() -> None:
    paragraphs = [f"Paragraph {n} says something about cities and migration." for n in range(4000)]
    old = "\n\n".join(paragraphs)  # about 36,000 words
    edited = list(paragraphs)
    edited[10] = edited[10].replace("cities", "towns")
    edited[3000] += " An added sentence."
    new = "\n\n".join(edited)
    started = time.perf_counter()
    spans = word_diff(old, new)
    elapsed = time.perf_counter() - started
    assert side(spans, "new") == new
    assert changed_words(spans) == (4, 1)
    assert elapsed < 1.0


def test_field_changes_list_only_differences_in_form_order() -> None:
    old = {
        "id": uuid4(),
        "title": "Forum",
        "tags": ("a", "b"),
        "status": Status.DRAFT,
        "body": "x",
        "updated_at": datetime(2030, 1, 1, tzinfo=UTC),
    }
    new = old | {
        "title": "Forum 2030",
        "tags": ["a", "b"],
        "status": "published",
        "body": "y",
        "updated_at": datetime(2031, 1, 1, tzinfo=UTC),
        "sync_base": {"hash": "abc", "workspace": "w", "revision": 3},  # bookkeeping
    }
    assert field_changes(old, new) == [
        FieldChange("title", "Title", "Forum", "Forum 2030"),
        FieldChange("status", "Status", "draft", "published"),
    ]


def test_field_changes_see_added_and_removed_fields() -> None:
    changes = field_changes({"image": None}, {"image": "photos/a.jpg", "end": date(2030, 1, 2)})
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("image", "", "photos/a.jpg"),
        ("end", "", "2030-01-02"),
    ]


def test_format_value() -> None:
    assert format_value(None) == ""
    assert format_value(True) == "yes"
    assert format_value(datetime(2030, 5, 1, 10, 30)) == "2030-05-01 10:30"
    assert format_value(datetime(2030, 5, 1, 10, 30, tzinfo=UTC)) == "2030-05-01 10:30 +0000"
    assert format_value({"name": "Hall", "city": "", "country": "PT"}) == "Hall, PT"


def test_edits_far_apart_in_a_long_body_diff_quickly() -> None:
    lines = [f"Line {n} of a report on housing.\n" for n in range(20000)]
    edited = list(lines)
    edited[5] = "A changed first line.\n"
    edited[19990] = "A changed last line.\n"
    old, new = "".join(lines), "".join(edited)
    started = time.perf_counter()
    spans = word_diff(old, new)
    assert time.perf_counter() - started < 1.0
    assert side(spans, "old") == old
    assert side(spans, "new") == new
