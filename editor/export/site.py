"""The browsable part of a bundle: index.html, one page per item, and assets/style.css."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from editor.domain.dateline import event_dateline
from editor.domain.items import Announcement, Attendance, Event, EventStatus, Status
from editor.domain.localdates import day
from editor.domain.wallclock import long_day
from editor.export.jsonld import item_json_ld, script_json
from editor.export.layout import Entry
from editor.export.media import rewrite_urls
from editor.export.words import language_name, words_for
from editor.render.labels import labels_for
from editor.render.page import (
    CONTENT_SECURITY_POLICY,
    PageOptions,
    page_css,
    render_item_article,
    template_environment,
    text_direction,
)
from editor.resources import resource_path

STYLESHEET = "assets/style.css"
SITE_LANGUAGE = "en"
# Pages sit two folders down (events/<slug>/index.html); <base> makes every URL in them,
# the article's media/... included, relative to the bundle root.
PAGE_OPTIONS = PageOptions(css_href=STYLESHEET, base_href="../../")
INDEX_OPTIONS = PageOptions(css_href=STYLESHEET)
_VOID = (EventStatus.CANCELLED, EventStatus.POSTPONED)


def stylesheet() -> bytes:
    """The page stylesheet of the preview, followed by the listing's own rules."""
    extra = resource_path("css", "bundle.css").read_text(encoding="utf-8")
    return (page_css() + "\n" + extra).encode("utf-8")


@dataclass(frozen=True)
class SiteIndex:
    """Which entries are translations of which: built once per bundle."""

    entries: tuple[Entry, ...]

    @functools.cached_property
    def groups(self) -> dict[object, list[Entry]]:
        out: dict[object, list[Entry]] = {}
        for entry in self.entries:
            out.setdefault(entry.group, []).append(entry)
        for members in out.values():
            members.sort(key=lambda e: (e.item.language, e.page))
        return out

    def translations(self, entry: Entry) -> list[Entry]:
        return self.groups[entry.group]


def _link(entry: Entry) -> dict[str, str]:
    language = entry.item.language
    return {
        "lang": language,
        "dir": text_direction(language),
        "name": language_name(language),
        "href": entry.page,
    }


def render_page(
    entry: Entry, site: SiteIndex, media: Mapping[str, str], base: str | None = None
) -> bytes:
    """The item's page: the preview's article, media renamed, with links and JSON-LD."""
    item = entry.item
    article = rewrite_urls(render_item_article(item), media, entry.page)
    image = media.get(item.image) if item.image else None
    family = site.translations(entry)
    context: dict[str, Any] = {
        "item": item,
        "lang": item.language,
        "dir": text_direction(item.language),
        "words": words_for(item.language),
        "options": PAGE_OPTIONS,
        "csp": CONTENT_SECURITY_POLICY,
        "css": None,
        "article": Markup(article),  # sanitized by the shared renderer
        "alternates": [_link(e) for e in family] if len(family) > 1 else [],
        "translations": [_link(e) for e in family if e is not entry],
        "ics": entry.ics,
        "json_ld": Markup(script_json(item_json_ld(entry, image, base))),
        "not_approved": _not_approved(item),
    }
    return template_environment().get_template("export/page.html").render(context).encode("utf-8")


def _not_approved(item: Announcement | Event) -> str | None:
    """The note on an exported draft or item in review, so nobody publishes it by mistake."""
    if item.status in (Status.DRAFT, Status.IN_REVIEW):
        return labels_for(item.language)["not_approved"]
    return None


def _place(event: Event) -> str:
    words = labels_for(event.language)
    online = words["online"] if event.is_online() else ""
    venue = event.venue
    if venue is None or event.event_status == EventStatus.MOVED_ONLINE:
        return online
    if event.attendance == Attendance.ONLINE:
        return online
    where = ", ".join(p for p in (venue.name, venue.city, venue.country) if p)
    return f"{where} · {online}" if online else where


def _listing_entry(
    entry: Entry, tag_numbers: Mapping[str, int], language_numbers: Mapping[str, int]
) -> dict[str, Any]:
    item = entry.item
    classes = [f"tag-{tag_numbers[t.casefold()]}" for t in item.tags]
    classes.append(f"language-{language_numbers[item.language]}")
    row: dict[str, Any] = {
        "href": entry.page,
        "title": item.title,
        "summary": item.summary,
        "lang": item.language,
        "dir": text_direction(item.language),
        "classes": " ".join(sorted(set(classes))),
        "place": "",
        "badge": "",
        "status": "",
        "void": False,
        "not_approved": _not_approved(item),
    }
    if isinstance(item, Event):
        all_day = item.all_day or not isinstance(item.start, datetime)
        status = item.event_status
        row |= {
            "date": event_dateline(item, item.language),
            "iso": item.start.isoformat()
            if all_day
            else item.start_moment().isoformat(timespec="minutes"),
            "place": _place(item),
            "void": status in _VOID,
            "status": status.value,
            "badge": "" if status == EventStatus.SCHEDULED else words_for("en")[status.value],
        }
    else:
        assert isinstance(item, Announcement)
        published = item.publish_at or item.created_at
        row |= {
            "date": day(published, item.language),
            "iso": published.isoformat(timespec="minutes"),
        }
    return row


def _filter_css(tag_count: int, language_count: int) -> str:
    """Rules for the chosen filter: hide other entries, mark the chosen and focused label."""
    rules: list[str] = []
    for name, count in (("tag", tag_count), ("language", language_count)):
        for n in range(1, count + 1):
            chosen = f"#{name}-{n}:checked"
            rules.append(f"{chosen} ~ .listing .entry:not(.{name}-{n}) {{ display: none; }}")
        for n in ["all", *range(1, count + 1)]:
            rules.append(
                f"#{name}-{n}:checked ~ .filters label[for={name}-{n}] "
                "{ background: var(--accent); color: var(--on-accent); "
                "border-color: var(--accent); }"
            )
            rules.append(
                f"#{name}-{n}:focus-visible ~ .filters label[for={name}-{n}] "
                "{ outline: 2px solid var(--accent); outline-offset: 2px; }"
            )
    return "\n".join(rules) + "\n"


def render_index(entries: Sequence[Entry], *, as_of: datetime) -> bytes:
    """The listing: upcoming events (soonest first), announcements and past events (newest
    first). 'Upcoming' is as of `as_of`, the bundle's own time."""
    tag_names: dict[str, str] = {}
    for entry in entries:
        for tag in entry.item.tags:
            tag_names.setdefault(tag.casefold(), tag)
    tag_keys = sorted(tag_names)
    tag_numbers = {key: n for n, key in enumerate(tag_keys, start=1)}
    languages = sorted({e.item.language for e in entries})
    language_numbers = {tag: n for n, tag in enumerate(languages, start=1)}

    events = [e for e in entries if isinstance(e.item, Event)]
    upcoming = sorted(
        (e for e in events if _event(e).end_moment() >= as_of),
        key=lambda e: (_event(e).start_moment().astimezone(UTC), e.page),
    )
    past = sorted(
        (e for e in events if _event(e).end_moment() < as_of),
        key=lambda e: (_event(e).start_moment().astimezone(UTC), e.page),
        reverse=True,
    )
    news = sorted(
        (e for e in entries if isinstance(e.item, Announcement)),
        key=lambda e: (e.item.sort_moment.astimezone(UTC), e.page),
        reverse=True,
    )
    words = words_for(SITE_LANGUAGE)

    def rows(group: list[Entry]) -> list[dict[str, Any]]:
        return [_listing_entry(e, tag_numbers, language_numbers) for e in group]

    groups = [
        {"key": "upcoming", "title": words["upcoming"], "entries": rows(upcoming)},
        {"key": "announcements", "title": words["announcements"], "entries": rows(news)},
    ]
    if past:
        groups.append({"key": "past", "title": words["past"], "entries": rows(past)})
    context: dict[str, Any] = {
        "lang": SITE_LANGUAGE,
        "dir": text_direction(SITE_LANGUAGE),
        "words": words,
        "options": INDEX_OPTIONS,
        "csp": CONTENT_SECURITY_POLICY,
        "css": None,
        "site_title": words["site_title"],
        "as_of": {"text": long_day(as_of), "iso": as_of.isoformat(timespec="seconds")},
        "tags": [tag_names[key] for key in tag_keys],
        "languages": [
            {"tag": tag, "name": language_name(tag), "dir": text_direction(tag)}
            for tag in languages
        ],
        "groups": groups,
        "filter_css": Markup(_filter_css(len(tag_keys), len(languages))),
    }
    return template_environment().get_template("export/index.html").render(context).encode("utf-8")


def _event(entry: Entry) -> Event:
    assert isinstance(entry.item, Event)
    return entry.item
