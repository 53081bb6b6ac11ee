"""Dates in the page's language: English house style, other languages from CLDR via Babel."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from editor.domain.dateline import event_dateline
from editor.domain.items import Event
from editor.domain.localdates import day, day_range, weekday_day

WEDNESDAY = date(2022, 4, 13)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Wednesday 13 April 2022"),
        ("en-GB", "Wednesday 13 April 2022"),
        ("fr", "mercredi 13 avril 2022"),
        ("es", "miércoles, 13 de abril de 2022"),
        ("ar", "الأربعاء، 13 أبريل 2022"),
        ("pt-BR", "quarta-feira, 13 de abril de 2022"),
        ("xx", "Wednesday 13 April 2022"),  # unknown to CLDR: English
    ],
)
def test_weekday_day(language: str, expected: str) -> None:
    assert weekday_day(WEDNESDAY, language) == expected


def test_day_without_weekday() -> None:
    assert day(WEDNESDAY) == "13 April 2022"
    assert day(WEDNESDAY, "fr") == "13 avril 2022"
    assert day(datetime(2022, 5, 30, 9, 0), "es") == "30 de mayo de 2022"


def test_day_ranges_keep_english_house_style_and_follow_cldr_elsewhere() -> None:
    assert day_range(date(2022, 5, 17), date(2022, 5, 21)) == "17-21 May 2022"
    assert day_range(date(2022, 4, 28), date(2022, 5, 2)) == "28 April - 2 May 2022"
    assert day_range(date(2022, 5, 17), date(2022, 5, 21), "fr") == "17\u201321 mai 2022"
    assert day_range(date(2022, 5, 17), date(2022, 5, 17), "fr") == "mardi 17 mai 2022"


def briefing(language: str) -> Event:
    return Event(
        title="Briefing",
        start=datetime(2022, 4, 13, 15, 0),
        end=datetime(2022, 4, 13, 16, 0),
        timezone="Europe/Brussels",
        language=language,
    )


def test_the_dateline_in_the_events_language() -> None:
    assert event_dateline(briefing("en")) == "Wednesday 13 April 2022, 15:00-16:00 CEST"
    french = briefing("fr")
    assert event_dateline(french) == "Wednesday 13 April 2022, 15:00-16:00 CEST"
    assert event_dateline(french, "fr") == "mercredi 13 avril 2022, 15:00-16:00 CEST"
    assert event_dateline(french, "ar") == "الأربعاء، 13 أبريل 2022, 15:00-16:00 CEST"
