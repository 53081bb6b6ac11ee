"""Feeds of the exported items: feed.atom (RFC 4287) and feed.json (JSON Feed 1.1)."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import orjson

from editor import __version__
from editor.domain.dateline import event_dateline
from editor.domain.items import Announcement, Event
from editor.export.layout import Entry
from editor.export.media import body_html, rewrite_urls
from editor.export.site_address import absolute

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "Noticeboard"

Item = Announcement | Event


def feed_id(workspace_id: str) -> str:
    """Stable per workspace: a feed reader sees one feed across exports."""
    return f"urn:uuid:{uuid5(NAMESPACE_URL, f'noticeboard:workspace:{workspace_id}')}"


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _published(item: Item) -> datetime:
    return item.publish_at or item.created_at


def _ordered(entries: Sequence[Entry]) -> list[Entry]:
    """Newest first by publication, as feed readers expect."""
    return sorted(entries, key=lambda e: (_published(e.item).astimezone(UTC), e.page), reverse=True)


def _content_html(entry: Entry, media: Mapping[str, str], base: str | None) -> str:
    """The body as on the page (shared renderer), with an event's date line first; links
    absolute when the site's address `base` is known."""
    body = rewrite_urls(body_html(entry.item.body), media, entry.page, base)
    if isinstance(entry.item, Event):
        dateline = event_dateline(entry.item, entry.item.language)
        body = f"<p><strong>{html.escape(dateline)}</strong></p>\n{body}"
    return body


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def build_atom(
    entries: Sequence[Entry],
    *,
    title: str,
    workspace_id: str,
    updated: datetime,
    media: Mapping[str, str],
    base: str | None = None,
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "en"})
    _add(feed, "id", feed_id(workspace_id))
    _add(feed, "title", title)
    _add(feed, "updated", _rfc3339(updated))
    # Relative, like every link in a bundle (resolved against the feed's own address),
    # unless the site's address is known.
    _add(feed, "link", rel="self", type="application/atom+xml", href=absolute("feed.atom", base))
    _add(feed, "link", rel="alternate", type="text/html", href=absolute("index.html", base))
    _add(_add(feed, "author"), "name", title)
    _add(feed, "generator", GENERATOR, version=__version__)
    for entry in _ordered(entries):
        item = entry.item
        node = _add(feed, "entry", **{XML_LANG: item.language})
        _add(node, "id", f"urn:uuid:{item.id}")
        _add(node, "title", item.title)
        _add(node, "updated", _rfc3339(item.updated_at))
        _add(node, "published", _rfc3339(_published(item)))
        _add(
            node,
            "link",
            rel="alternate",
            type="text/html",
            href=absolute(entry.page, base),
            hreflang=item.language,
        )
        for name in item.authors:
            _add(_add(node, "author"), "name", name)
        for tag in item.tags:
            _add(node, "category", term=tag)
        if item.summary:
            _add(node, "summary", item.summary, type="text")
        _add(node, "content", _content_html(entry, media, base), type="html")
    ET.indent(feed, space=" ")
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _event_extension(event: Event) -> dict[str, Any]:
    all_day = event.all_day or not isinstance(event.start, datetime)
    return {
        "start": event.start.isoformat()
        if all_day
        else event.start_moment().isoformat(timespec="seconds"),
        "end": event.end.isoformat()
        if all_day
        else event.end_moment().isoformat(timespec="seconds"),
        "all_day": all_day,
        "timezone": event.timezone,
        "dateline": event_dateline(event, event.language),
        "status": event.event_status.value,
    }


def build_json_feed(
    entries: Sequence[Entry], *, title: str, media: Mapping[str, str], base: str | None = None
) -> bytes:
    items: list[dict[str, Any]] = []
    for entry in _ordered(entries):
        item = entry.item
        record: dict[str, Any] = {
            "id": str(item.id),
            "url": absolute(entry.page, base),
            "title": item.title,
            "content_html": _content_html(entry, media, base),
            "date_published": _rfc3339(_published(item)),
            "date_modified": _rfc3339(item.updated_at),
            "language": item.language,
        }
        if item.summary:
            record["summary"] = item.summary
        if item.tags:
            record["tags"] = list(item.tags)
        if item.authors:
            record["authors"] = [{"name": name} for name in item.authors]
        if item.image and item.image in media:
            record["image"] = absolute(media[item.image], base)
        if isinstance(item, Event):
            record["_event"] = _event_extension(item)
        items.append(record)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": absolute("index.html", base),
        "feed_url": absolute("feed.json", base),
        "language": "en",
        "authors": [{"name": title}],
        "items": items,
    }
    return orjson.dumps(feed, option=orjson.OPT_INDENT_2) + b"\n"
