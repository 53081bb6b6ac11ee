"""The content model: announcements and events, frozen and validated."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timezone
from enum import StrEnum
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import orjson
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from editor.domain import slugs, wallclock
from editor.domain.event_times import (
    LABELS,
    check_exists,
    fold_for,
    moment,
    parse_wall,
)
from editor.domain.extra import (
    check_extra,
)
from editor.domain.sync import SyncBase

TITLE_MAX = 200
SUMMARY_MAX = 500
TAG_MAX = 50
BODY_MAX = 1_000_000  # about 150,000 words; far beyond any announcement, before exports crawl
DEFAULT_LANGUAGE = "en"
# Fields that describe the saving, not the content: content hashes and imports ignore them.
BOOKKEEPING = frozenset({"revision", "created_at", "updated_at", "sync_base"})
FIRST_YEAR, LAST_YEAR = 1900, 2200  # event dates outside are typing mistakes
# C0/C1 controls (line breaks are reported separately) and bidi embeddings and overrides.
# The marks RLM/LRM and the isolates stay allowed: Arabic titles need them.
_HIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e]")

_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
# Every character str.splitlines() breaks on: a title with any of them is not one line.
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


class Kind(StrEnum):
    ANNOUNCEMENT = "announcement"
    EVENT = "event"


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    MOVED_ONLINE = "moved_online"


class Attendance(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


def utc_now() -> datetime:
    """The current time, aware, in UTC, to the second (stable in JSON and diffs)."""
    return datetime.now(UTC).replace(microsecond=0)


def canonical_language(tag: str) -> str:
    """Check a BCP 47 tag and give it its usual case: 'en-gb' -> 'en-GB', 'zh-hant' -> 'zh-Hant'."""
    tag = tag.strip().replace("_", "-")
    if not _BCP47.match(tag):
        raise ValueError(f"{tag!r} is not a language tag; use a code such as 'en', 'fr' or 'pt-BR'")
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _fixed_offset(value: datetime) -> datetime:
    """The same instant with its offset frozen (a ZoneInfo becomes +02:00).

    JSON keeps only the offset; and Python never finds an ambiguous ZoneInfo time equal to
    a time in another zone, so without this a saved item would not equal itself on reload.
    """
    offset = value.utcoffset()
    if offset is None or isinstance(value.tzinfo, timezone):
        return value
    return value.astimezone(timezone(offset)).replace(fold=0)


Moment = Annotated[AwareDatetime, AfterValidator(_fixed_offset)]


def _primary_language(tag: object) -> str:
    return tag.replace("_", "-").split("-")[0].strip().lower() if isinstance(tag, str) else ""


def _clean_list(values: object, *, label: str, max_length: int | None = None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list | tuple):
        raise ValueError(f"{label} must be a list")
    seen: set[str] = set()
    out: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise ValueError(f"{label} must be text")
        value = " ".join(raw.split())
        if not value or value.casefold() in seen:
            continue
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"Each of the {label.lower()} must be at most {max_length} characters")
        seen.add(value.casefold())
        out.append(value)
    return tuple(out)


def _check_web_url(value: str | None, label: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(f"{label} must be a web address starting with https:// or http://")
    return value


class Venue(BaseModel):
    """Where an in-person event takes place."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = ""
    address: str = ""
    city: str = ""
    country: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.address or self.city or self.country)

    def one_line(self) -> str:
        return ", ".join(
            part for part in (self.name, self.address, self.city, self.country) if part
        )


class ItemBase(BaseModel):
    """Fields every item has."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    id: UUID = Field(default_factory=uuid4, description="Stable identity; never changes.")
    kind: Kind
    title: str = Field(description="One line, at most 200 characters.")
    slug: str = Field(default="", description="Made from the title; unique per kind and language.")
    summary: str = Field(default="", description="The teaser shown in listings: plain text.")
    body: str = Field(default="", description="Markdown.")
    tags: tuple[str, ...] = ()
    language: str = DEFAULT_LANGUAGE
    translation_of: UUID | None = None
    status: Status = Status.DRAFT
    publish_at: Moment | None = Field(default=None, description="Embargo: not before.")
    expires_at: Moment | None = None
    authors: tuple[str, ...] = ()
    image: str | None = Field(default=None, description="Path inside the workspace media folder.")
    image_alt: str = ""
    created_at: Moment = Field(default_factory=utc_now)
    updated_at: Moment = Field(default_factory=utc_now)
    revision: int = Field(default=0, ge=0, description="0 until first saved; +1 on every save.")
    extra: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Front-matter keys Noticeboard does not use, kept from an import and "
        "written back on export (JSON values, at most 64 KB).",
    )
    sync_base: SyncBase | None = Field(
        default=None,
        description="The version this item last agreed on with an import or a bundle (its "
        "content hash, and the workspace and revision it came from): the common version of "
        "the next import.",
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_slug(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("slug") and isinstance(data.get("title"), str):
            language = _primary_language(data.get("language"))
            data = {**data, "slug": slugs.slugify(data["title"], language=language)}
        return data

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Title is required")
        if _LINE_BREAKS.search(value):
            raise ValueError("Title must be a single line")
        if len(value) > TITLE_MAX:
            raise ValueError(f"Title must be at most {TITLE_MAX} characters (it has {len(value)})")
        hidden = _HIDDEN_CONTROLS.search(value)
        if hidden:
            # Overrides turn the rest of a listing line around; other controls show as nothing.
            raise ValueError(
                f"Title contains an invisible control character (U+{ord(hidden.group()):04X}); "
                "retype it without pasting"
            )
        return value

    @field_validator("slug")
    @classmethod
    def _check_slug(cls, value: str) -> str:
        problem = slugs.slug_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("summary")
    @classmethod
    def _check_summary(cls, value: str) -> str:
        value = value.strip()
        if len(value) > SUMMARY_MAX:
            raise ValueError(
                f"Summary must be at most {SUMMARY_MAX} characters (it has {len(value)})"
            )
        if any(not line.strip() for line in value.splitlines()):
            raise ValueError("Summary must be a single paragraph (no blank lines)")
        return value

    @field_validator("body")
    @classmethod
    def _check_body(cls, value: str) -> str:
        if len(value) > BODY_MAX:
            raise ValueError(
                f"Body must be at most {BODY_MAX:,} characters (it has {len(value):,}); "
                "split it into several items"
            )
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _clean_tags(cls, value: object) -> tuple[str, ...]:
        return _clean_list(value, label="Tags", max_length=TAG_MAX)

    @field_validator("authors", mode="before")
    @classmethod
    def _clean_authors(cls, value: object) -> tuple[str, ...]:
        return _clean_list(value, label="Authors")

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        return canonical_language(value)

    @field_validator("translation_of")
    @classmethod
    def _check_translation_of(cls, value: UUID | None, info: ValidationInfo) -> UUID | None:
        if value is not None and value == info.data.get("id"):
            raise ValueError("An item cannot be a translation of itself")
        return value

    @field_validator("expires_at")
    @classmethod
    def _check_expiry(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        publish_at = info.data.get("publish_at")
        if value is not None and publish_at is not None and value <= publish_at:
            raise ValueError("Expiry must be after the publication date")
        return value

    @field_validator("image")
    @classmethod
    def _check_image(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().replace("\\", "/")
        parts = value.split("/")
        # ':' covers drive letters, URLs (file:, https:) and NTFS streams alike.
        if value.startswith("/") or ":" in value or ".." in parts or "\0" in value:
            raise ValueError(
                "Image must be a file inside the workspace media folder, "
                "written as a relative path such as 'photos/forum.jpg'"
            )
        if parts[-1] in ("", "."):
            raise ValueError("Image must name a file, not a folder")
        return value

    @field_validator("image_alt")
    @classmethod
    def _strip_alt(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("extra")
    @classmethod
    def _check_extra(
        cls, value: dict[str, JsonValue], info: ValidationInfo
    ) -> dict[str, JsonValue]:
        return check_extra(
            value,
            event=info.data.get("kind") == Kind.EVENT,
            has_image=info.data.get("image") is not None,
        )

    @field_validator("updated_at")
    @classmethod
    def _check_updated(cls, value: datetime, info: ValidationInfo) -> datetime:
        created = info.data.get("created_at")
        if created is not None and value < created:
            raise ValueError("Last change cannot be before creation")
        return value

    @property
    def display_date(self) -> datetime | date | None:
        """The date shown in listings: publication date for announcements."""
        return self.publish_at

    @property
    def sort_moment(self) -> datetime:
        """The instant date sorting uses: publication, else creation."""
        return self.publish_at or self.created_at


class Announcement(ItemBase):
    """News: a co-chairmanship, a launch, a response to a report."""

    kind: Literal[Kind.ANNOUNCEMENT] = Kind.ANNOUNCEMENT


class Event(ItemBase):
    """Something that happens at a time: a briefing, a peer-learning visit, a forum."""

    kind: Literal[Kind.EVENT] = Kind.EVENT
    # Field order matters: validators of later fields read earlier ones.
    timezone: str = Field(description="IANA time zone the event's wall times are in.")
    all_day: bool = False
    start_fold: Literal[0, 1] | None = Field(
        default=None,
        description="Only for a start that happens twice when clocks go back: 0 first, 1 second.",
    )
    end_fold: Literal[0, 1] | None = None
    start: datetime | date = Field(description="Wall time in `timezone`; a date if all day.")
    end: datetime | date = Field(description="Wall time in `timezone`; the last day if all day.")
    attendance: Attendance = Attendance.IN_PERSON
    event_status: EventStatus = EventStatus.SCHEDULED
    venue: Venue | None = None
    online_url: str | None = Field(default=None, validate_default=True)
    registration_url: str | None = None
    registration_deadline: datetime | date | None = Field(
        default=None, description="Wall time in `timezone`."
    )
    organizers: tuple[str, ...] = Field(default=(), description="Co-hosts.")

    @model_validator(mode="before")
    @classmethod
    def _folds_from_offsets(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        tz_name = data.get("timezone") if isinstance(data.get("timezone"), str) else None
        changes: dict[str, Any] = {}
        for field in ("start", "end"):
            # The offset is the more precise statement, so it wins over a start_fold given
            # alongside it (which, after with_changes, may belong to the previous time).
            has_offset, fold = fold_for(data.get(field), tz_name)
            if has_offset:
                changes[f"{field}_fold"] = fold
        return {**data, **changes} if changes else data

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        wallclock.zone(value)
        return value

    @field_validator("start", "end", "registration_deadline", mode="before")
    @classmethod
    def _parse_times(cls, value: object, info: ValidationInfo) -> object:
        field = info.field_name or ""
        if field == "registration_deadline":
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            all_day: bool | None = None
        else:
            all_day = bool(info.data.get("all_day"))
        tz_name = info.data.get("timezone")
        parsed = parse_wall(value, all_day=all_day, label=LABELS[field], tz_name=tz_name)
        if isinstance(parsed, date) and not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            # Far years overflow time-zone arithmetic and calendar output further on.
            raise ValueError(
                f"{LABELS[field]}: the year {parsed.year} is out of range "
                f"({FIRST_YEAR}-{LAST_YEAR})"
            )
        return parsed

    @field_validator("start")
    @classmethod
    def _check_start(cls, value: datetime | date, info: ValidationInfo) -> datetime | date:
        check_exists(value, info, "start")
        return value

    @field_validator("end")
    @classmethod
    def _check_end(cls, value: datetime | date, info: ValidationInfo) -> datetime | date:
        check_exists(value, info, "end")
        start = info.data.get("start")
        tz_name = info.data.get("timezone")
        if start is None or tz_name is None:
            return value
        if isinstance(start, datetime) and isinstance(value, datetime):
            tz = wallclock.zone(tz_name)
            begin = wallclock.localize(start, tz, info.data.get("start_fold"))
            finish = wallclock.localize(value, tz, info.data.get("end_fold"))
            # In UTC: two times in the same zone compare as wall clocks, folds ignored.
            if finish.astimezone(UTC) <= begin.astimezone(UTC):
                raise ValueError(f"End must be after the start ({wallclock.short_moment(begin)})")
        elif not isinstance(start, datetime) and not isinstance(value, datetime) and value < start:
            raise ValueError(
                f"End must be on or after the first day ({wallclock.short_day(start)}); "
                "for an all-day event the end is the last day"
            )
        return value

    @field_validator("venue", mode="after")
    @classmethod
    def _drop_empty_venue(cls, value: Venue | None) -> Venue | None:
        return None if value is None or value.is_empty() else value

    @field_validator("online_url")
    @classmethod
    def _check_online_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        value = _check_web_url(value, "Online link")
        if value is None:
            if info.data.get("event_status") == EventStatus.MOVED_ONLINE:
                raise ValueError("An event moved online needs its online link")
            attendance = info.data.get("attendance")
            if attendance in (Attendance.ONLINE, Attendance.HYBRID):
                article = "An" if attendance == Attendance.ONLINE else "A"
                raise ValueError(f"{article} {attendance.value} event needs its online link")
        return value

    @field_validator("registration_url")
    @classmethod
    def _check_registration_url(cls, value: str | None) -> str | None:
        return _check_web_url(value, "Registration link")

    @field_validator("registration_deadline")
    @classmethod
    def _check_deadline(
        cls, value: datetime | date | None, info: ValidationInfo
    ) -> datetime | date | None:
        start = info.data.get("start")
        tz_name = info.data.get("timezone")
        if value is None or start is None or tz_name is None:
            return value
        # Compared as instants; a deadline given as a day lasts until that day's end.
        begins = moment(start, tz_name, info.data.get("start_fold"), end_of_day=False)
        closes = moment(value, tz_name, None, end_of_day=True)
        if closes.astimezone(UTC) >= begins.astimezone(UTC):
            shown = (
                wallclock.short_moment(begins)
                if isinstance(start, datetime)
                else wallclock.short_day(start)
            )
            raise ValueError(f"Registration deadline must be before the start ({shown})")
        return value

    @field_validator("organizers", mode="before")
    @classmethod
    def _clean_organizers(cls, value: object) -> tuple[str, ...]:
        return _clean_list(value, label="Co-hosts")

    @property
    def display_date(self) -> datetime | date | None:
        """The date shown in listings: the event's start, in its own time zone."""
        return self.start

    @property
    def sort_moment(self) -> datetime:
        """The instant date sorting uses: the start."""
        return self.start_moment()

    def start_moment(self) -> datetime:
        """The aware start (midnight of the first day for all-day events)."""
        return moment(self.start, self.timezone, self.start_fold, end_of_day=False)

    def end_moment(self) -> datetime:
        """The aware end (the end of the last day for all-day events)."""
        return moment(self.end, self.timezone, self.end_fold, end_of_day=True)

    def is_online(self) -> bool:
        return (
            self.attendance != Attendance.IN_PERSON or self.event_status == EventStatus.MOVED_ONLINE
        )


Item = Annotated[Announcement | Event, Field(discriminator="kind")]
ITEM_ADAPTER: TypeAdapter[Announcement | Event] = TypeAdapter(Item)
ITEMS_ADAPTER: TypeAdapter[list[Announcement | Event]] = TypeAdapter(list[Item])
ITEM_TYPES: dict[Kind, type[Announcement] | type[Event]] = {
    Kind.ANNOUNCEMENT: Announcement,
    Kind.EVENT: Event,
}


def parse_item(data: object) -> Announcement | Event:
    """Validate a dict (or JSON-like data) into an Announcement or an Event."""
    return ITEM_ADAPTER.validate_python(data)


def item_to_json(item: Announcement | Event) -> dict[str, Any]:
    """The JSON-ready dict of an item: every field under its model name."""
    return item.model_dump(mode="json")


def content_hash(item: Announcement | Event) -> str:
    """SHA-256 of an item's content (bookkeeping left out, moments in UTC): equal for two
    copies of the same version of an item, whichever workspace saved them."""
    data = item.model_dump(mode="json", exclude=set(BOOKKEEPING))
    for name in ("publish_at", "expires_at"):
        moment_value = getattr(item, name)
        if moment_value is not None:
            data[name] = moment_value.astimezone(UTC).isoformat()
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def with_changes(item: Announcement | Event, **changes: object) -> Announcement | Event:
    """A new validated item with `changes` applied (model_copy would skip validation).

    Changing an event's start, end or time zone forgets the matching start_fold/end_fold
    unless given too: that choice was about the old time, and a new ambiguous time must be
    settled again rather than silently inherit it.
    """
    data = item.model_dump()
    if isinstance(item, Event):
        for field in ("start", "end"):
            if (field in changes or "timezone" in changes) and f"{field}_fold" not in changes:
                data[f"{field}_fold"] = None
    return type(item).model_validate(data | changes)
