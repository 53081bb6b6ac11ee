"""Validation errors read as sentences an editor understands, each tied to its field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from editor.domain import Announcement, Event, FieldProblem, describe
from editor.domain.items import ITEMS_ADAPTER, parse_item
from editor.domain.problems import FIELD_LABELS, first_problem_by_field, label

from .factories import announcement, event, event_data, problem_for, problems_for


def test_the_example_from_the_issue() -> None:
    problems = problems_for(lambda: event(end="2022-04-13T14:00"))
    assert problems == [
        FieldProblem(field="end", message="End must be after the start (13 Apr 2022 15:00 CEST)")
    ]


def test_the_impossible_date_names_the_day() -> None:
    assert problems_for(lambda: event(start="2022-02-30T15:00")) == [
        FieldProblem(field="start", message="Start: 30 February 2022 does not exist")
    ]


def test_every_problem_is_reported_with_its_field() -> None:
    problems = problems_for(
        lambda: parse_item(
            event_data(
                title="",
                language="english",
                timezone="Europe/Brussels",
                end="2022-04-13T14:00",
                attendance="online",
                registration_url="nope",
            )
        )
    )
    fields = [p.field for p in problems]
    assert fields == ["title", "language", "end", "online_url", "registration_url"]
    assert all(p.message for p in problems)


def test_messages_do_not_leak_pydantic_jargon() -> None:
    problems = problems_for(
        lambda: parse_item(
            event_data(
                revision="x",
                all_day="maybe",
                status="done",
                id="not-a-uuid",
                title=5,
                venue="Town hall",
                publish_at="2022-04-13T09:00",
                colour="red",
            )
        )
    )
    for problem in problems:
        for jargon in ("Input should", "Value error", "type=", "pydantic", "valid dictionary"):
            assert jargon not in problem.message, problem


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": None}, "title", "Title must be text"),
        ({"revision": "x"}, "revision", "Revision must be a whole number"),
        ({"revision": -2}, "revision", "Revision must be 0 or more"),
        ({"all_day": "maybe"}, "all_day", "All day must be yes or no (true or false)"),
        ({"id": "nope"}, "id", "Id must be an item id (a UUID)"),
        (
            {"translation_of": "nope"},
            "translation_of",
            "Translation of must be an item id (a UUID)",
        ),
        ({"venue": "Town hall"}, "venue", "Venue must be a set of fields, not str"),
        ({"colour": "red"}, "colour", "'colour' is not a field of this kind of item"),
        ({"start_fold": 2}, "start_fold", "Start (which one) must be one of: 0 or 1"),
        (
            {"attendance": "by pigeon"},
            "attendance",
            "Attendance must be one of: 'in_person', 'online' or 'hybrid'",
        ),
        (
            {"publish_at": "2022-04-13T09:00"},
            "publish_at",
            "Publish at: '2022-04-13T09:00' is not a date and time with an offset "
            "(for example 2022-07-01T09:00+02:00)",
        ),
        (
            {"publish_at": "2022-02-29T09:00+01:00"},
            "publish_at",
            "Publish at: 29 February 2022 does not exist",
        ),
        (
            {"expires_at": "2022-04-31T09:00Z"},
            "expires_at",
            "Expires at: 31 April 2022 does not exist",
        ),
    ],
)
def test_friendly_messages(fields: dict[str, object], field: str, message: str) -> None:
    assert problem_for(lambda: parse_item(event_data(**fields)), field) == message


def test_nested_venue_fields_are_dotted() -> None:
    problems = problems_for(lambda: event(venue={"name": "Hall", "floor": 2}))
    assert [p.field for p in problems] == ["venue.floor"]
    assert label("venue.city") == "City"


def test_kind_problems() -> None:
    assert problems_for(lambda: parse_item({"title": "x"})) == [
        FieldProblem(field="", message="Kind is required: 'announcement' or 'event'")
    ]
    assert problems_for(lambda: parse_item({"kind": "memo", "title": "x"})) == [
        FieldProblem(field="", message="Kind must be 'announcement' or 'event'")
    ]


def test_list_positions_are_dropped_from_the_field() -> None:
    problems = problems_for(
        lambda: ITEMS_ADAPTER.validate_python([{"kind": "announcement", "title": ""}])
    )
    assert problems == [FieldProblem(field="title", message="Title is required")]


def test_missing_fields_are_required() -> None:
    problems = problems_for(lambda: Event.model_validate({"title": "x"}))
    assert {p.field: p.message for p in problems} == {
        "timezone": "Time zone is required",
        "start": "Start is required",
        "end": "End is required",
    }


def test_first_problem_by_field_keeps_one_message_each() -> None:
    with pytest.raises(ValidationError) as caught:
        Announcement.model_validate({"title": "", "tags": ["x" * 60], "language": "?"})
    assert first_problem_by_field(caught.value) == {
        "title": "Title is required",
        "tags": "Each of the tags must be at most 50 characters",
        "language": "'?' is not a language tag; use a code such as 'en', 'fr' or 'pt-BR'",
    }


def test_first_problem_by_field_prefers_the_first() -> None:
    with pytest.raises(ValidationError) as caught:
        ITEMS_ADAPTER.validate_python(
            [{"kind": "announcement", "title": ""}, {"kind": "announcement", "title": "x" * 300}]
        )
    assert first_problem_by_field(caught.value) == {"title": "Title is required"}
    assert len(describe(caught.value)) == 2


def test_field_problem_reads_as_a_line() -> None:
    assert str(FieldProblem("end", "End must be after the start")) == (
        "end: End must be after the start"
    )
    assert str(FieldProblem("", "Kind is required")) == "Kind is required"


def test_every_model_field_has_a_label() -> None:
    fields = set(Event.model_fields) | set(Announcement.model_fields)
    assert fields <= set(FIELD_LABELS)
    assert label("organizers") == "Co-hosts"
    assert label("some_new_field") == "Some new field"


def test_problems_are_never_empty_sentences() -> None:
    problems = problems_for(lambda: announcement(title="", slug="Bad Slug", image="../x"))
    assert [p.field for p in problems] == ["title", "slug", "image"]
    assert all(p.message[0].isupper() for p in problems)
