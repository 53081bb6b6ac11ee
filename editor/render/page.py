"""An item as a complete HTML5 page, or as an <article> to embed: the preview and the export.

Templates are Jinja2 with autoescaping on (resources/templates); the body is the sanitized
output of render_markdown, the only markup that reaches the page unescaped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from editor.domain.dateline import event_dateline
from editor.domain.items import Announcement, Attendance, Event, EventStatus
from editor.domain.localdates import day, weekday_day
from editor.domain.wallclock import abbreviation, localize, zone
from editor.render.labels import labels_for
from editor.render.markdown_html import render_markdown
from editor.render.sanitize import is_media_path
from editor.render.typography import smart_punctuation
from editor.resources import resource_path

# No scripts at all (default-src 'none'). 'unsafe-inline' styles: the preview inlines the
# stylesheet in a <style> element. Images from the site itself; data: for CSS-drawn ones.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
)

_RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand"})
_LTR_SCRIPTS = frozenset({"latn", "cyrl", "grek"})
_WEB_SCHEMES = ("http", "https")
# The workspace's media folder (editor.storage.workspace.MEDIA_DIR; a test keeps the two
# equal). Pages resolve relative URLs against the workspace folder in the preview and the
# site root in the export, so item.image, a path inside that folder, is prefixed with it.
MEDIA_FOLDER = "media"


@dataclass(frozen=True)
class PageOptions:
    """How a page refers to its surroundings.

    css_href: link to this stylesheet; None inlines page_css() in a <style> element (the
    preview, which has no files next to it). base_href: the <base> URL that relative
    links and images resolve against: the folder that holds media/ (the workspace folder
    in the preview, where the preview's own base URL does the same; the site root in an
    export). for_preview: marks the page as the live
    preview (class "preview" on <html>), for the few styles that only make sense there.
    """

    css_href: str | None = None
    base_href: str | None = None
    for_preview: bool = False


def text_direction(language: str) -> str:
    """'rtl' for languages written right to left (ar, he, fa, ur...), else 'ltr'."""
    parts = language.replace("_", "-").lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script in _RTL_SCRIPTS:
        return "rtl"
    if script in _LTR_SCRIPTS:
        return "ltr"  # Arabic written in Latin letters, say
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


@functools.cache
def page_css() -> str:
    """The page stylesheet (resources/css/page.css): light, and dark by prefers-color-scheme."""
    css = resource_path("css", "page.css").read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise ValueError("page.css must not contain '</style': it is inlined in the preview")
    return css


@functools.cache
def template_environment() -> jinja2.Environment:
    """The one Jinja2 environment for pages: preview and export render with the same rules."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are part of the installed app: no stat() of every template file on
        # each page (3,500 per 1,000-item export) to see whether it changed.
        auto_reload=False,
    )
    # Titles and summaries get the body's curly quotes and dashes.
    environment.filters["typographic"] = smart_punctuation
    return environment


def _web_url(url: str | None) -> str | None:
    """The URL if it is a web address (the models check this too; pages do not rely on it)."""
    if url and urlsplit(url.strip()).scheme.lower() in _WEB_SCHEMES:
        return url.strip()
    return None


def _shown_url(url: str) -> str:
    """A link as people read it: 'meet.example.org/briefing' without the https://."""
    parts = urlsplit(url)
    return parts.netloc + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _deadline(event: Event) -> dict[str, str] | None:
    value = event.registration_deadline
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = localize(value, zone(event.timezone))
        return {
            "text": f"{weekday_day(moment, event.language)}, {moment:%H:%M} {abbreviation(moment)}",
            "iso": moment.isoformat(timespec="minutes"),
        }
    return {"text": weekday_day(value, event.language), "iso": value.isoformat()}


def _event_context(event: Event) -> dict[str, Any]:
    status = event.event_status
    moved_online = status == EventStatus.MOVED_ONLINE
    if event.all_day or not isinstance(event.start, datetime):
        start_iso = event.start.isoformat()
    else:
        start_iso = event.start_moment().isoformat(timespec="minutes")
    venue = event.venue
    show_venue = venue is not None and not moved_online and event.attendance != Attendance.ONLINE
    online_url = _web_url(event.online_url)
    registration_url = _web_url(event.registration_url)
    return {
        "status": status.value,
        "scheduled": status == EventStatus.SCHEDULED,
        # The date of a cancelled or postponed event no longer holds: shown struck through.
        "date_void": status in (EventStatus.CANCELLED, EventStatus.POSTPONED),
        "dateline": event_dateline(event, event.language),
        "start_iso": start_iso,
        "timezone": event.timezone,
        "venue": venue if show_venue else None,
        "venue_place": ", ".join(p for p in (venue.city, venue.country) if p) if venue else "",
        "online_url": online_url,
        "online_url_shown": _shown_url(online_url) if online_url else "",
        "registration_url": registration_url if status != EventStatus.CANCELLED else None,
        "deadline": _deadline(event),
        "organizers": event.organizers,
        "attendance": "online" if moved_online else event.attendance.value,
    }


def _context(item: Announcement | Event) -> dict[str, Any]:
    published = None
    if isinstance(item, Announcement) and item.publish_at is not None:
        published = {
            "text": day(item.publish_at, item.language),
            "iso": item.publish_at.isoformat(timespec="minutes"),
        }
    return {
        "item": item,
        "kind": item.kind.value,
        "lang": item.language,
        "dir": text_direction(item.language),
        "labels": labels_for(item.language),
        "published": published,
        "event": _event_context(item) if isinstance(item, Event) else None,
        "image": f"{MEDIA_FOLDER}/{item.image}"
        if item.image and is_media_path(item.image)
        else None,
        "body": Markup(render_markdown(item.body)),  # sanitized: see markdown_html
    }


def render_item_article(item: Announcement | Event) -> str:
    """The item as an <article>: title, summary, date or event details, tags and body."""
    return template_environment().get_template("article.html").render(_context(item))


def render_item_page(item: Announcement | Event, options: PageOptions = PageOptions()) -> str:
    """The item as a complete HTML5 document, as previewed and as published."""
    context = _context(item)
    context["article"] = Markup(template_environment().get_template("article.html").render(context))
    return (
        template_environment()
        .get_template("item.html")
        .render(
            context,
            options=options,
            csp=CONTENT_SECURITY_POLICY,
            css=Markup(page_css()) if options.css_href is None else None,
        )
    )
