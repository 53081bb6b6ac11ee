"""Pre-export checks: errors block an export, warnings are shown and let it go ahead."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from editor.domain import wallclock
from editor.domain.items import Announcement, Event, EventStatus
from editor.export.layout import KIND_FOLDERS, place_items
from editor.export.media import body_html, body_urls, media_references
from editor.export.parallel import warm_bodies

Item = Announcement | Event

_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_ITEM_LINK = re.compile(r"^(announcements|events)/([^/?#]+)(?:/(?:index\.html)?)?(?:[?#].*)?$")
_ZONE_WORD = re.compile(r"\b[A-Z]{3,5}\b")

# Weekday and month names as written in English, French and Spanish bodies.
_WEEKDAYS = {
    **{name.lower(): n for n, name in enumerate(wallclock.WEEKDAYS)},
    **{
        name: n
        for n, name in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
    },
    **{
        name: n
        for n, name in enumerate("lunes martes miércoles jueves viernes sábado domingo".split())
    },
}
_MONTHS = {
    **{name.lower(): n for n, name in enumerate(wallclock.MONTHS, start=1)},
    **{
        name: n
        for n, name in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre "
            "décembre".split(),
            start=1,
        )
    },
    **{
        name: n
        for n, name in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
            "diciembre".split(),
            start=1,
        )
    },
}
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"
_YEAR = r"(?:,?\s+(?:de\s+)?(?P<year>\d{4}))?"
_WRITTEN_DATES = (
    # "Wednesday 13 April 2022", "mercredi 13 avril", "miércoles 13 de abril"
    re.compile(
        rf"\b(?P<weekday>{_WD}),?\s+(?:the\s+)?{_DAY}\s+(?:de\s+|of\s+)?(?P<month>{_MO})\b{_YEAR}",
        re.I,
    ),
    # "Wednesday, April 13, 2022"
    re.compile(rf"\b(?P<weekday>{_WD}),?\s+(?P<month>{_MO})\s+{_DAY}\b{_YEAR}", re.I),
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing the checks found, about one item (or the export as a whole)."""

    severity: Severity
    code: str
    message: str
    item_id: str | None = None
    title: str = ""
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"severity": self.severity.value}


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _finding(item: Item, severity: Severity, code: str, message: str, field: str) -> Finding:
    return Finding(severity, code, message, str(item.id), item.title, field)


def _error(item: Item, code: str, message: str, field: str) -> Finding:
    return _finding(item, Severity.ERROR, code, message, field)


def _warning(item: Item, code: str, message: str, field: str) -> Finding:
    return _finding(item, Severity.WARNING, code, message, field)


def _end_before_start(event: Event) -> bool:
    try:
        if isinstance(event.start, datetime) and isinstance(event.end, datetime):
            return event.end_moment().astimezone(UTC) <= event.start_moment().astimezone(UTC)
        return _as_day(event.end) < _as_day(event.start)
    except (TypeError, ValueError):
        return True


def _as_day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _images_without_alt(body: str) -> int:
    missing = 0
    for tag in _IMAGE.findall(body_html(body)):
        alt = _ALT.search(tag)
        if alt is None or not alt[1].strip():
            missing += 1
    return missing


def written_date_problems(text: str, year: int) -> list[str]:
    """'Wednesday 13 April' where 13 April of `year` (or the year written) is no Wednesday."""
    problems: list[str] = []
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            weekday = _WEEKDAYS[match["weekday"].lower()]
            month = _MONTHS[match["month"].lower()]
            day, when = int(match["day"]), int(match["year"] or year)
            if not 1 <= day <= calendar.monthrange(when, month)[1]:
                problems.append(f"“{match[0]}”: there is no such day in {when}")
                continue
            actual = date(when, month, day).weekday()
            if actual != weekday:
                problems.append(
                    f"“{match[0]}”: {day} {wallclock.month_name(month)} {when} is a "
                    f"{wallclock.WEEKDAYS[actual]}"
                )
    return problems


def zone_word_problems(text: str, event: Event) -> list[str]:
    """'CET' written for a day on which the event's zone is on summer time (CEST), or back."""
    if event.all_day or not isinstance(event.start, datetime):
        return []
    start = event.start_moment()
    tz = wallclock.zone(event.timezone)
    used = {
        wallclock.abbreviation(datetime(start.year, month, 1, 12, tzinfo=tz)) for month in (1, 7)
    }
    right = wallclock.abbreviation(start)
    problems: list[str] = []
    for word in sorted(set(_ZONE_WORD.findall(text))):
        if word in used and word != right:
            problems.append(
                f"“{word}” is written, but on {wallclock.long_day(start)} {event.timezone} "
                f"is on {right}"
            )
    return problems


def check_items(
    items: Sequence[Item],
    *,
    now: datetime,
    media_exists: Callable[[str], bool] | None = None,
    others: Iterable[Item] = (),
) -> list[Finding]:
    """Check the items of one export. `others`: the workspace's other items, which links
    may name (they are then reported as not exported, rather than as missing)."""
    findings: list[Finding] = []
    warm_bodies([item.body for item in items])  # the checks read rendered bodies
    placement = place_items(items)
    pages = {(KIND_FOLDERS[e.item.kind], e.slug) for e in placement.entries}
    pages |= {(KIND_FOLDERS[e.item.kind], e.item.slug) for e in placement.entries}
    elsewhere = {(KIND_FOLDERS[i.kind], i.slug): i for i in others}
    for left_out, holder in placement.clashes:
        findings.append(
            _error(
                left_out,
                "duplicate-slug",
                f"The slug “{left_out.slug}” is also used by “{holder.title}” "
                f"({holder.language}); give one of them another slug",
                "slug",
            )
        )
    for item in sorted(items, key=lambda i: (i.title.casefold(), str(i.id))):
        findings += _check_item(item, now=now, media_exists=media_exists)
        for _, url in body_urls(item.body):
            found = _ITEM_LINK.match(url)
            if found is None or (found[1], found[2]) in pages:
                continue
            other = elsewhere.get((found[1], found[2]))
            reason = (
                f"“{other.title}” is not in this export (status {other.status.value})"
                if other is not None
                else "there is no such item"
            )
            findings.append(
                _error(item, "broken-item-link", f"The body links to {url}, but {reason}", "body")
            )
    return findings


def _check_item(
    item: Item, *, now: datetime, media_exists: Callable[[str], bool] | None
) -> list[Finding]:
    out: list[Finding] = []
    if not item.title.strip():
        out.append(_error(item, "missing-title", "The title is missing", "title"))
    if isinstance(item, Event) and _end_before_start(item):
        out.append(_error(item, "end-before-start", "The end is before the start", "end"))
    if item.image and not item.image_alt.strip():
        out.append(_error(item, "image-without-alt", "The image has no alt text", "image_alt"))
    missing_alt = _images_without_alt(item.body)
    if missing_alt:
        pictures = "picture has" if missing_alt == 1 else "pictures have"
        out.append(
            _error(
                item,
                "image-without-alt",
                f"{missing_alt} {pictures} no alt text in the body: "
                "write it as ![what it shows](media/...)",
                "body",
            )
        )
    if media_exists is not None:
        for path in media_references(item):
            if not media_exists(path):
                out.append(
                    _error(
                        item, "missing-media", f"media/{path} is not in the media folder", "image"
                    )
                )
    if not item.summary.strip():
        out.append(_warning(item, "empty-summary", "The summary is empty", "summary"))
    if item.expires_at is not None and item.expires_at <= now:
        out.append(
            _warning(
                item,
                "expired",
                f"Expired on {wallclock.short_day(item.expires_at)}",
                "expires_at",
            )
        )
    if isinstance(item, Event):
        ended = not _end_before_start(item) and item.end_moment() < now
        if ended and item.event_status == EventStatus.SCHEDULED:
            out.append(
                _warning(
                    item,
                    "past-event-scheduled",
                    "The event is over but still marked scheduled",
                    "event_status",
                )
            )
        year = _as_day(item.start).year
        text = f"{item.summary}\n{item.body}"
        for problem in written_date_problems(text, year):
            out.append(_warning(item, "weekday-mismatch", problem, "body"))
        for problem in zone_word_problems(text, item):
            out.append(_warning(item, "zone-abbreviation", problem, "body"))
    else:
        published = item.publish_at or item.created_at
        for problem in written_date_problems(f"{item.summary}\n{item.body}", published.year):
            out.append(_warning(item, "weekday-mismatch", problem, "body"))
    return out
