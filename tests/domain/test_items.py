"""The content model's rules: every field of announcements and events, and round trips."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from editor.domain import (
    Announcement,
    Attendance,
    Event,
    EventStatus,
    Kind,
    Status,
    Venue,
    item_to_json,
    parse_item,
    utc_now,
    with_changes,
)
from editor.domain.items import ITEM_ADAPTER, ITEMS_ADAPTER, canonical_language

from .factories import (
    BRUSSELS,
    announcement,
    announcements,
    event,
    event_data,
    events,
    items,
    problem_for,
    problems_for,
)

FAST = settings(max_examples=150, deadline=None)


def through_json(item: Announcement | Event) -> Announcement | Event:
    return parse_item(json.loads(json.dumps(item.model_dump(mode="json"))))


# --- identity, kind, title ----------------------------------------------------------------


def test_each_item_gets_its_own_uuid_that_survives_edits() -> None:
    first, second = announcement(), announcement()
    assert isinstance(first.id, UUID)
    assert first.id != second.id
    assert with_changes(first, title="A new title").id == first.id


def test_kind_is_fixed_by_the_model() -> None:
    assert announcement().kind is Kind.ANNOUNCEMENT
    assert event().kind is Kind.EVENT
    assert "Kind" in problem_for(lambda: Announcement(title="x", kind="event"), "kind")


def test_title_is_required() -> None:
    assert problem_for(lambda: Announcement(title="   "), "title") == "Title is required"
    assert problem_for(lambda: Announcement.model_validate({}), "title") == "Title is required"


def test_title_is_trimmed() -> None:
    assert announcement(title="  Forum  ").title == "Forum"


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\x0b", "\x85"])
def test_title_is_one_line(brk: str) -> None:
    message = problem_for(lambda: announcement(title=f"First{brk}second"), "title")
    assert message == "Title must be a single line"


def test_title_is_at_most_200_characters() -> None:
    assert len(announcement(title="x" * 200).title) == 200
    message = problem_for(lambda: announcement(title="x" * 201), "title")
    assert message == "Title must be at most 200 characters (it has 201)"


# --- slug -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "language", "slug"),
    [
        ("Réunion à Genève : l'OIM et les villes", "fr", "reunion-a-geneve-loim-et-les-villes"),
        ("Año nuevo, señales de acogida", "es", "ano-nuevo-senales-de-acogida"),
        ("Über Äpfel und Straßen", "de", "ueber-aepfel-und-strassen"),
        ("Über Äpfel und Straßen", "de-AT", "ueber-aepfel-und-strassen"),
        ("Über Äpfel und Straßen", "en", "uber-apfel-und-strassen"),
        ("مرحبا بكم في المدينة", "ar", "mrhb-bkm-fy-lmdynh"),
    ],
)
def test_slug_is_made_from_the_title(title: str, language: str, slug: str) -> None:
    assert announcement(title=title, language=language).slug == slug


def test_slug_only_uses_german_spelling_for_german() -> None:
    # 'del' (Delaware) begins with 'de' but is not German.
    assert announcement(title="Ärger", language="del").slug == "arger"


def test_slug_can_be_edited_and_stays_when_the_title_changes() -> None:
    item = announcement(slug="forum-2022")
    assert item.slug == "forum-2022"
    assert with_changes(item, title="Another title").slug == "forum-2022"


def test_clearing_the_slug_makes_a_new_one_from_the_title() -> None:
    item = announcement()
    assert with_changes(item, title="Another title", slug="").slug == "another-title"


@pytest.mark.parametrize("slug", ["a/b", "../x", "a..b", "con", "LPT1", "Has Space", "-x"])
def test_hand_edited_slug_is_checked(slug: str) -> None:
    assert problem_for(lambda: announcement(slug=slug), "slug")


# --- summary, body, tags, authors ---------------------------------------------------------


def test_summary_is_a_single_paragraph_of_at_most_500_characters() -> None:
    assert announcement(summary="  one\nparagraph ").summary == "one\nparagraph"
    assert len(announcement(summary="s" * 500).summary) == 500
    assert "at most 500" in problem_for(lambda: announcement(summary="s" * 501), "summary")
    for blank in ("one\n\ntwo", "one\n  \ntwo", "one\r\n\r\ntwo", "one\r\rtwo"):
        message = problem_for(lambda b=blank: announcement(summary=b), "summary")
        assert message == "Summary must be a single paragraph (no blank lines)"


def test_body_is_markdown_kept_as_written() -> None:
    body = "# Heading\n\n* one\n* two\n\n<b>kept</b>\n"
    assert announcement(body=body).body == body


def test_tags_are_cleaned_and_deduplicated_case_insensitively() -> None:
    item = announcement(tags=["  Migration ", "migration", "Cities  of\tWelcome", "", "MIGRATION"])
    assert item.tags == ("Migration", "Cities of Welcome")


def test_tags_may_be_given_as_comma_separated_text() -> None:
    assert announcement(tags="housing, Housing ,work").tags == ("housing", "work")


def test_a_tag_is_at_most_50_characters() -> None:
    assert problem_for(lambda: announcement(tags=["t" * 51]), "tags")


def test_tags_must_be_text() -> None:
    assert problem_for(lambda: announcement(tags=[1, 2]), "tags") == "Tags must be text"


def test_authors_are_cleaned_too() -> None:
    assert announcement(authors=["Ana  Lima", "ana lima", "Jo"]).authors == ("Ana Lima", "Jo")


# --- language and translations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("en", "en"),
        ("EN-gb", "en-GB"),
        ("en_GB", "en-GB"),
        ("zh-hant", "zh-Hant"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("sr-latn-RS", "sr-Latn-RS"),
        ("de-CH-1996", "de-CH-1996"),
        ("sl-ROZAJ", "sl-rozaj"),
    ],
)
def test_language_is_bcp47_in_its_usual_case(given: str, canonical: str) -> None:
    assert canonical_language(given) == canonical
    assert announcement(language=given).language == canonical


@pytest.mark.parametrize("bad", ["", "english", "e", "en-", "en GB", "12"])
def test_language_must_be_a_tag(bad: str) -> None:
    assert "not a language tag" in problem_for(lambda: announcement(language=bad), "language")


def test_language_defaults_to_english() -> None:
    assert announcement().language == "en"


def test_an_item_can_be_the_translation_of_another_but_not_of_itself() -> None:
    original = announcement()
    assert announcement(translation_of=original.id, language="fr").translation_of == original.id
    message = problem_for(
        lambda: with_changes(original, translation_of=original.id), "translation_of"
    )
    assert message == "An item cannot be a translation of itself"
    assert problem_for(
        lambda: announcement(id=original.id, translation_of=str(original.id)), "translation_of"
    )


# --- status and publication window --------------------------------------------------------


def test_status_is_one_of_the_workflow_steps() -> None:
    assert [s.value for s in Status] == ["draft", "in_review", "approved", "published", "archived"]
    assert announcement().status is Status.DRAFT
    assert announcement(status="in_review").status is Status.IN_REVIEW
    assert "must be one of" in problem_for(lambda: announcement(status="done"), "status")


def test_publish_and_expiry_must_be_aware() -> None:
    message = problem_for(lambda: announcement(publish_at="2022-04-13T09:00"), "publish_at")
    assert "with an offset" in message
    assert problem_for(lambda: announcement(expires_at=datetime(2022, 4, 13)), "expires_at")


def test_expiry_is_after_publication() -> None:
    publish = datetime(2022, 4, 13, 9, tzinfo=UTC)
    ok = announcement(publish_at=publish, expires_at=publish + timedelta(seconds=1))
    assert ok.expires_at is not None
    for expires in (publish, publish - timedelta(days=1)):
        message = problem_for(
            lambda e=expires: announcement(publish_at=publish, expires_at=e), "expires_at"
        )
        assert message == "Expiry must be after the publication date"


def test_expiry_compares_instants_across_offsets() -> None:
    publish = datetime(2022, 4, 13, 9, tzinfo=UTC)
    # 10:00+02:00 is 08:00 UTC: before publication, though the wall clock reads later.
    expires = datetime(2022, 4, 13, 10, tzinfo=timezone(timedelta(hours=2)))
    assert problem_for(lambda: announcement(publish_at=publish, expires_at=expires), "expires_at")


def test_zone_aware_moments_keep_instant_and_offset() -> None:
    wall = datetime(2022, 10, 30, 2, 30, fold=1, tzinfo=ZoneInfo(BRUSSELS))
    item = announcement(publish_at=wall)
    assert item.publish_at is not None
    assert item.publish_at.utcoffset() == timedelta(hours=1)
    assert item.publish_at.astimezone(UTC) == datetime(2022, 10, 30, 1, 30, tzinfo=UTC)


def test_an_item_published_at_an_ambiguous_time_equals_itself_after_json() -> None:
    wall = datetime(2022, 10, 30, 2, 30, tzinfo=ZoneInfo(BRUSSELS))
    item = announcement(publish_at=wall, created_at=wall, updated_at=wall)
    assert through_json(item) == item


# --- image -----------------------------------------------------------------------------


def test_image_is_a_relative_path_inside_media() -> None:
    assert announcement(image="photos/forum.jpg").image == "photos/forum.jpg"
    assert announcement(image="photos\\forum.jpg").image == "photos/forum.jpg"
    assert announcement(image="  ").image is None


@pytest.mark.parametrize(
    "path",
    [
        "../secret.jpg",
        "photos/../../x.jpg",
        "..\\x.jpg",
        "/etc/passwd",
        "\\\\server\\share\\x.jpg",
        "C:\\photos\\x.jpg",
        "c:x.jpg",
        "file:///etc/passwd",
        "https://example.org/x.jpg",
        "photos/",
    ],
)
def test_image_path_cannot_leave_media(path: str) -> None:
    assert problem_for(lambda: announcement(image=path), "image").startswith("Image must")


def test_image_alt_is_one_clean_line() -> None:
    assert (
        announcement(image="a.jpg", image_alt=" Mayor  and\nguests ").image_alt
        == "Mayor and guests"
    )


# --- timestamps and revision ---------------------------------------------------------------


def test_utc_now_is_aware_and_whole_seconds() -> None:
    now = utc_now()
    assert now.utcoffset() == timedelta(0)
    assert now.microsecond == 0


def test_new_items_have_creation_and_change_times() -> None:
    item = announcement()
    assert item.created_at.utcoffset() == timedelta(0)
    assert item.updated_at >= item.created_at
    assert item.revision == 0


def test_last_change_cannot_precede_creation() -> None:
    created = datetime(2022, 4, 13, 9, tzinfo=UTC)
    message = problem_for(
        lambda: announcement(created_at=created, updated_at=created - timedelta(seconds=1)),
        "updated_at",
    )
    assert message == "Last change cannot be before creation"


def test_revision_is_a_whole_number_from_zero() -> None:
    assert announcement(revision=3).revision == 3
    assert (
        problem_for(lambda: announcement(revision=-1), "revision") == "Revision must be 0 or more"
    )
    assert problem_for(lambda: announcement(revision="many"), "revision") == (
        "Revision must be a whole number"
    )


def test_unknown_fields_are_refused() -> None:
    assert problem_for(lambda: announcement(colour="red"), "colour")
    # Event-only fields are unknown on an announcement.
    assert problem_for(lambda: announcement(timezone=BRUSSELS), "timezone")


# --- frozen models and with_changes ----------------------------------------------------------


def test_models_are_frozen() -> None:
    item = announcement()
    with pytest.raises(ValidationError):
        item.title = "Changed"  # type: ignore[misc]
    venue = Venue(name="Town hall")
    with pytest.raises(ValidationError):
        venue.name = "Other"  # type: ignore[misc]


def test_with_changes_returns_a_new_validated_item() -> None:
    item = announcement()
    changed = with_changes(item, title="  New title ", tags=["a", "A"])
    assert changed is not item
    assert (changed.title, changed.tags) == ("New title", ("a",))
    assert item.title == "Cities co-chair the forum"


def test_with_changes_rejects_what_the_constructor_rejects() -> None:
    assert problem_for(lambda: with_changes(announcement(), title=""), "title")
    assert problem_for(lambda: with_changes(event(), end="2022-04-13T14:00"), "end")


def test_with_no_changes_gives_an_equal_item() -> None:
    for item in (
        announcement(tags=["x"]),
        event(start_fold=None, registration_deadline="2022-04-01"),
    ):
        assert with_changes(item) == item


# --- events: zone, times, all-day -------------------------------------------------------------


def test_event_times_are_naive_wall_times_in_its_zone() -> None:
    item = event()
    assert item.start == datetime(2022, 4, 13, 15, 0)
    assert item.start.tzinfo is None
    assert item.start_moment() == datetime(2022, 4, 13, 13, tzinfo=UTC)
    assert item.end_moment() == datetime(2022, 4, 13, 14, tzinfo=UTC)


@pytest.mark.parametrize("name", ["Mars/Olympus", "CEST", "", " Europe/Brussels", "localtime"])
def test_time_zone_must_be_iana(name: str) -> None:
    assert problem_for(lambda: event(timezone=name), "timezone")


def test_time_zone_spelling_is_exact_with_a_hint() -> None:
    message = problem_for(lambda: event(timezone="europe/brussels"), "timezone")
    assert "did you mean 'Europe/Brussels'" in message


def test_time_zone_is_required_for_events() -> None:
    data = event_data()
    del data["timezone"]
    assert problem_for(lambda: Event.model_validate(data), "timezone") == "Time zone is required"


def test_input_with_an_offset_becomes_wall_time_in_the_zone() -> None:
    item = event(start="2022-04-13T13:00Z", end="2022-04-13T18:00+02:00")
    assert item.start == datetime(2022, 4, 13, 15, 0)
    assert item.end == datetime(2022, 4, 13, 18, 0)


def test_seconds_stay_and_microseconds_go() -> None:
    item = event(start=datetime(2022, 4, 13, 15, 0, 30, 999))
    assert item.start == datetime(2022, 4, 13, 15, 0, 30)


def test_a_timed_event_needs_times_of_day() -> None:
    message = problem_for(lambda: event(start="2022-04-13"), "start")
    assert message == "Start needs a time of day (or make it an all-day event)"
    assert problem_for(lambda: event(start=date(2022, 4, 13)), "start")


@pytest.mark.parametrize("bad", [5, 3.5, True, ["2022-04-13T15:00"]])
def test_start_must_be_a_date_and_time(bad: object) -> None:
    message = problem_for(lambda: event(start=bad), "start")
    assert message == "Start must be a date and time, written like 2022-04-13T15:00"


def test_start_and_end_are_required() -> None:
    assert problem_for(lambda: event(start=""), "start") == "Start is required"
    data = event_data()
    del data["end"]
    assert problem_for(lambda: Event.model_validate(data), "end") == "End is required"


def test_end_must_be_after_start() -> None:
    for end in ("2022-04-13T15:00", "2022-04-13T14:59"):
        message = problem_for(lambda e=end: event(end=e), "end")
        assert message == "End must be after the start (13 Apr 2022 15:00 CEST)"


def test_an_all_day_event_ends_on_its_last_day() -> None:
    workshop = event(all_day=True, start="2022-05-17", end="2022-05-21")
    assert (workshop.start, workshop.end) == (date(2022, 5, 17), date(2022, 5, 21))
    assert workshop.end_moment() > datetime(2022, 5, 21, 21, 59, tzinfo=UTC)
    assert workshop.start_moment() == datetime(2022, 5, 16, 22, tzinfo=UTC)
    one_day = event(all_day=True, start="2022-05-17", end="2022-05-17")
    assert one_day.start == one_day.end


def test_an_all_day_event_cannot_end_before_it_starts() -> None:
    message = problem_for(lambda: event(all_day=True, start="2022-05-17", end="2022-05-16"), "end")
    assert message.startswith("End must be on or after the first day (17 May 2022)")


def test_all_day_takes_midnights_as_dates_but_not_other_times() -> None:
    item = event(all_day=True, start="2022-05-17T00:00", end=datetime(2022, 5, 18))
    assert (item.start, item.end) == (date(2022, 5, 17), date(2022, 5, 18))
    message = problem_for(
        lambda: event(all_day=True, start="2022-05-17T09:00", end="2022-05-18"), "start"
    )
    assert message == "Start of an all-day event is a date, not a time"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-02-30T15:00", "Start: 30 February 2022 does not exist"),
        ("2023-02-29T15:00", "Start: 29 February 2023 does not exist"),
        ("2022-04-31 15:00", "Start: 31 April 2022 does not exist"),
        ("2022-13-01T15:00", "Start: there is no month 13 (months go from 1 to 12)"),
        ("2022-04-13T25:00", "Start: 25:00 is not a time of day (00:00 to 23:59)"),
        ("next tuesday", "Start: 'next tuesday' is not a date; write it like 2022-04-13T15:00"),
    ],
)
def test_dates_that_do_not_exist_are_rejected_not_corrected(text: str, message: str) -> None:
    assert problem_for(lambda: event(start=text), "start") == message


def test_all_day_dates_that_do_not_exist_are_rejected() -> None:
    message = problem_for(lambda: event(all_day=True, start="2022-05-17", end="2022-02-30"), "end")
    assert message == "End: 30 February 2022 does not exist"


def test_leap_day_exists_in_leap_years() -> None:
    assert event(all_day=True, start="2024-02-29", end="2024-02-29").start == date(2024, 2, 29)


# --- daylight saving ----------------------------------------------------------------------------


def test_a_time_in_the_spring_gap_is_rejected() -> None:
    message = problem_for(lambda: event(start="2022-03-27T02:30", end="2022-03-27T04:00"), "start")
    assert message == (
        "Start 27 Mar 2022 02:30 does not exist in Europe/Brussels: the clocks jump forward "
        "60 minutes that night; choose a time before or after the change"
    )
    assert problem_for(lambda: event(start="2022-03-27T01:00", end="2022-03-27T02:00"), "end")


def test_the_gap_message_gives_the_real_jump() -> None:
    # Troll station goes from UTC+0 to UTC+2: a two-hour gap (a zero offset once hid this).
    message = problem_for(
        lambda: event(
            timezone="Antarctica/Troll", start="2022-03-27T01:30", end="2022-03-27T05:00"
        ),
        "start",
    )
    assert "jump forward 120 minutes" in message
    half_hour = problem_for(
        lambda: event(
            timezone="Australia/Lord_Howe", start="2022-10-02T02:15", end="2022-10-02T05:00"
        ),
        "start",
    )
    assert "jump forward 30 minutes" in half_hour


def test_an_ambiguous_time_needs_a_choice() -> None:
    message = problem_for(lambda: event(start="2022-10-30T02:30", end="2022-10-30T04:00"), "start")
    assert message == (
        "Start 30 Oct 2022 02:30 happens twice in Europe/Brussels because the clocks go back; "
        "say which one: the first (CEST, start_fold=0) or the second (CET, start_fold=1)"
    )
    end_message = problem_for(
        lambda: event(start="2022-10-30T01:00", end="2022-10-30T02:30"), "end"
    )
    assert "end_fold=1" in end_message


@pytest.mark.parametrize(("fold", "utc_hour"), [(0, 0), (1, 1)])
def test_the_fold_chooses_which_ambiguous_time(fold: int, utc_hour: int) -> None:
    item = event(start="2022-10-30T02:30", start_fold=fold, end="2022-10-30T04:00")
    # Compared in UTC: Python never finds an ambiguous zoned time equal to another zone's.
    assert item.start_moment().astimezone(UTC) == datetime(2022, 10, 30, utc_hour, 30, tzinfo=UTC)


@pytest.mark.parametrize(("offset", "fold"), [("+02:00", 0), ("+01:00", 1)])
def test_an_explicit_offset_sets_the_fold(offset: str, fold: int) -> None:
    item = event(start=f"2022-10-30T02:30{offset}", end="2022-10-30T04:00")
    assert item.start == datetime(2022, 10, 30, 2, 30)
    assert item.start_fold == fold
    assert item.start_moment().astimezone(UTC) == datetime.fromisoformat(
        f"2022-10-30T02:30{offset}"
    )


def test_an_aware_datetime_object_sets_the_fold_too() -> None:
    second = datetime(2022, 10, 30, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert event(start=second, end="2022-10-30T04:00").start_fold == 1


def test_an_unambiguous_offset_leaves_no_fold_behind() -> None:
    assert event(start="2022-04-13T15:00+02:00").start_fold is None


def test_an_offset_given_later_wins_over_the_old_fold() -> None:
    item = event(start="2022-04-13T15:00+02:00")
    moved = with_changes(item, start="2022-10-30T02:30+01:00", end="2022-10-30T05:00")
    assert moved.start_fold == 1
    assert moved.start_moment().astimezone(UTC) == datetime(2022, 10, 30, 1, 30, tzinfo=UTC)


def test_a_new_ambiguous_time_must_be_settled_again() -> None:
    item = event(start="2022-10-30T02:30", start_fold=0, end="2022-10-30T04:00")
    assert problem_for(lambda: with_changes(item, start="2022-10-30T02:45"), "start")
    kept = with_changes(item, start="2022-10-30T02:45", start_fold=1)
    assert kept.start_fold == 1
    # Other edits keep the choice.
    assert with_changes(item, title="Renamed").start_fold == 0


def test_end_after_start_compares_instants_not_wall_clocks() -> None:
    # 02:40 on the first pass is before 02:10 on the second pass (an hour later).
    fine = event(start="2022-10-30T02:40", start_fold=0, end="2022-10-30T02:10", end_fold=1)
    assert fine.end_moment().astimezone(UTC) - fine.start_moment() == timedelta(minutes=30)
    assert problem_for(
        lambda: event(start="2022-10-30T02:40", start_fold=1, end="2022-10-30T02:50", end_fold=0),
        "end",
    )


# --- venue, attendance, links -----------------------------------------------------------------


def test_venue_has_name_address_city_country() -> None:
    item = event(
        venue={
            "name": " Town hall ",
            "address": "Grand-Place 1",
            "city": "Brussels",
            "country": "BE",
        }
    )
    assert item.venue == Venue(
        name="Town hall", address="Grand-Place 1", city="Brussels", country="BE"
    )
    assert item.venue.one_line() == "Town hall, Grand-Place 1, Brussels, BE"


@pytest.mark.parametrize("empty", [{}, {"name": " ", "city": ""}, Venue()])
def test_an_empty_venue_becomes_none(empty: object) -> None:
    assert event(venue=empty).venue is None


def test_attendance_defaults_to_in_person() -> None:
    assert event().attendance is Attendance.IN_PERSON
    assert [a.value for a in Attendance] == ["in_person", "online", "hybrid"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"attendance": "online"}, "An online event needs its online link"),
        ({"attendance": "hybrid"}, "A hybrid event needs its online link"),
        ({"event_status": "moved_online"}, "An event moved online needs its online link"),
        ({"attendance": "online", "online_url": "  "}, "An online event needs its online link"),
    ],
)
def test_online_events_need_their_link(fields: dict[str, str], message: str) -> None:
    assert problem_for(lambda: event(**fields), "online_url") == message
    assert event(**fields | {"online_url": "https://meet.example.org/x"}).is_online()


@pytest.mark.parametrize(
    "url", ["meet.example.org", "ftp://x.org", "https://", "https://a b.org", "javascript:alert(1)"]
)
def test_links_must_be_web_addresses(url: str) -> None:
    assert "web address" in problem_for(lambda: event(online_url=url), "online_url")
    assert "web address" in problem_for(lambda: event(registration_url=url), "registration_url")


def test_event_status_values() -> None:
    assert [s.value for s in EventStatus] == ["scheduled", "cancelled", "postponed", "moved_online"]
    assert event(event_status="cancelled").event_status is EventStatus.CANCELLED


def test_organizers_are_cleaned() -> None:
    assert event(organizers=["IOM", " iom ", "City of Ghent"]).organizers == (
        "IOM",
        "City of Ghent",
    )


# --- registration deadline ------------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline",
    [
        "2022-04-12",
        "2022-04-13T14:59",
        "2022-04-13 14:59",
        date(2022, 4, 12),
        datetime(2022, 4, 13, 9),
    ],
)
def test_registration_deadline_before_the_start(deadline: object) -> None:
    assert event(registration_deadline=deadline).registration_deadline is not None


@pytest.mark.parametrize(
    "deadline", ["2022-04-13", "2022-04-13T15:00", "2022-04-14T09:00", date(2022, 4, 13)]
)
def test_registration_deadline_after_the_start_is_refused(deadline: object) -> None:
    message = problem_for(lambda: event(registration_deadline=deadline), "registration_deadline")
    assert message == "Registration deadline must be before the start (13 Apr 2022 15:00 CEST)"


def test_registration_deadline_of_an_all_day_event() -> None:
    def workshop(deadline: object) -> Event:
        return event(
            all_day=True, start="2022-05-17", end="2022-05-21", registration_deadline=deadline
        )

    assert workshop("2022-05-16").registration_deadline == date(2022, 5, 16)
    assert workshop("2022-05-16T23:00").registration_deadline == datetime(2022, 5, 16, 23)
    message = problem_for(lambda: workshop("2022-05-17"), "registration_deadline")
    assert message == "Registration deadline must be before the start (17 May 2022)"


def test_a_deadline_given_as_a_day_survives_edits() -> None:
    item = event(registration_deadline=date(2022, 4, 1))
    assert with_changes(item, title="Renamed").registration_deadline == date(2022, 4, 1)


def test_an_empty_deadline_is_none() -> None:
    assert event(registration_deadline="").registration_deadline is None


def test_a_deadline_that_does_not_exist() -> None:
    message = problem_for(
        lambda: event(registration_deadline="2022-02-30"), "registration_deadline"
    )
    assert message == "Registration deadline: 30 February 2022 does not exist"


# --- parsing and JSON ------------------------------------------------------------------------


def test_parse_item_picks_the_model_from_kind() -> None:
    assert isinstance(parse_item({"kind": "announcement", "title": "x"}), Announcement)
    assert isinstance(parse_item(event_data()), Event)
    assert {p.field for p in problems_for(lambda: parse_item({"title": "x"}))} == {""}


def test_items_adapter_reads_lists() -> None:
    parsed = ITEMS_ADAPTER.validate_python([{"kind": "announcement", "title": "x"}, event_data()])
    assert [type(i) for i in parsed] == [Announcement, Event]
    assert (
        ITEM_ADAPTER.validate_json(json.dumps(item_to_json(announcement()))).kind
        is Kind.ANNOUNCEMENT
    )


def test_item_to_json_is_plain_json() -> None:
    item = event(venue={"city": "Ghent"}, registration_deadline=date(2022, 4, 1))
    data = item_to_json(item)
    assert json.loads(json.dumps(data)) == data
    assert data["start"] == "2022-04-13T15:00:00"
    assert data["registration_deadline"] == "2022-04-01"
    assert data["kind"] == "event"
    assert data["id"] == str(item.id)


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(
            lambda: announcement(tags=["a"], publish_at="2022-04-13T09:00+02:00"), id="announcement"
        ),
        pytest.param(
            lambda: event(
                start="2022-10-30T02:30", start_fold=1, end="2022-10-30T02:45", end_fold=1
            ),
            id="fold",
        ),
        pytest.param(
            lambda: event(all_day=True, start="2022-05-17", end="2022-05-21"), id="all-day"
        ),
        pytest.param(
            lambda: event(registration_deadline="2022-04-01T12:00", translation_of=uuid4()),
            id="deadline",
        ),
    ],
)
def test_examples_round_trip_through_json(item: object) -> None:
    built = item()  # type: ignore[operator]
    assert through_json(built) == built


@FAST
@given(announcements())
def test_announcements_round_trip_through_json(item: Announcement) -> None:
    assert through_json(item) == item


@FAST
@given(events())
def test_events_round_trip_through_json(item: Event) -> None:
    again = through_json(item)
    assert again == item
    assert again.start_moment().astimezone(UTC) == item.start_moment().astimezone(UTC)
    assert again.end_moment().astimezone(UTC) == item.end_moment().astimezone(UTC)


@settings(max_examples=100, deadline=None)
@given(items)
def test_with_no_changes_is_identity(item: Announcement | Event) -> None:
    assert with_changes(item) == item


def test_offsets_are_kept_as_written() -> None:
    item = announcement(publish_at="2022-04-13T09:00+02:00")
    assert item_to_json(item)["publish_at"] == "2022-04-13T09:00:00+02:00"


@pytest.mark.parametrize(
    ("start", "end", "zone_name"),
    [
        ("0001-01-01T00:00", "0001-01-01T01:00", "Pacific/Kiritimati"),
        ("9999-12-31T20:00", "9999-12-31T21:00", "America/Los_Angeles"),
        ("1899-12-31T10:00", "1899-12-31T11:00", "Europe/Brussels"),
    ],
)
def test_far_years_are_refused_with_a_message(start: str, end: str, zone_name: str) -> None:
    with pytest.raises(ValidationError, match="out of range"):
        parse_item(
            {"kind": "event", "title": "Typo", "timezone": zone_name, "start": start, "end": end}
        )


@pytest.mark.parametrize("hidden", ["\u202e", "\u202a", "\x00", "\x1b", "\x9b"])
def test_a_title_with_hidden_controls_is_refused(hidden: str) -> None:
    with pytest.raises(ValidationError, match="invisible control character"):
        parse_item({"kind": "announcement", "title": f"Forum{hidden}2022"})


def test_a_title_keeps_the_direction_marks_arabic_needs() -> None:
    title = "\u200f\u0625\u0637\u0644\u0627\u0642 2022\u200f"  # RLM, "launch", RLM
    assert parse_item({"kind": "announcement", "title": title}).title == title


def test_a_body_over_the_limit_is_refused_with_its_size() -> None:
    from editor.domain.items import BODY_MAX

    parse_item({"kind": "announcement", "title": "Long", "body": "x" * BODY_MAX})
    with pytest.raises(ValidationError, match="at most 1,000,000 characters"):
        parse_item({"kind": "announcement", "title": "Long", "body": "x" * (BODY_MAX + 1)})
