"""Dates as a page in a given language writes them: 'mercredi 13 avril 2022', '21 mai 2022'.

English keeps the house style of editor.domain.wallclock ('Wednesday 13 April 2022',
'17-21 May 2022'), which the issue texts and the people using the app write. Other
languages take their forms from the Unicode CLDR through Babel, so that a French page says
'avril' and an Arabic one 'أبريل'. A language Babel does not know falls back to English.
Times stay 24-hour with the zone's abbreviation ('15:00-16:00 CEST') in every language.
"""

from __future__ import annotations

import functools
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval

from editor.domain.wallclock import MONTHS, long_day, month_name

ENGLISH = "en"


@functools.cache
def _locale(language: str) -> Locale | None:
    """Babel's locale for a language tag ('fr', 'pt-BR'), or None for English house style."""
    if not language or language.split("-")[0].lower() == ENGLISH:
        return None
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def weekday_day(value: date, language: str = ENGLISH) -> str:
    """The day with its weekday: 'Wednesday 13 April 2022', 'mercredi 13 avril 2022'."""
    locale = _locale(language)
    return long_day(value) if locale is None else format_date(value, "full", locale=locale)


def day(value: date, language: str = ENGLISH) -> str:
    """The day without a weekday: '13 April 2022', '13 de abril de 2022'."""
    locale = _locale(language)
    if locale is None:
        return f"{value.day} {month_name(value.month)} {value.year}"
    return format_date(value, "long", locale=locale)


def day_range(first: date, last: date, language: str = ENGLISH) -> str:
    """Consecutive days, the shared month and year written once: '17-21 May 2022'."""
    if first == last:
        return weekday_day(first, language)
    locale = _locale(language)
    if locale is not None:
        return format_interval(first, last, "yMMMMd", locale=locale)
    end = f"{last.day} {MONTHS[last.month - 1]} {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{end}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)} - {end}"
    return f"{first.day} {month_name(first.month)} {first.year} - {end}"
