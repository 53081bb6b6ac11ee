"""Atom, RSS and JSON Feed files: each entry becomes an announcement, its HTML made Markdown."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import feedparser
import markdownify
import orjson

from editor.domain.items import SUMMARY_MAX, TITLE_MAX, Kind, Status, canonical_language
from editor.importing.candidate import Candidate
from editor.importing.sources import (
    JSON_FEED_SUFFIXES,
    SNIFF_BYTES,
    SourceError,
    decode_text,
    looks_like_feed,
)

UNTITLED = "Untitled announcement"
_URN_UUID = re.compile(r"^urn:uuid:([0-9a-f-]{36})$", re.IGNORECASE)
# RSS <author> is an e-mail address, often with the name after it: "jo@example.org (Jo Lee)".
_RSS_AUTHOR = re.compile(r"^\S+@\S+\s+\((.+)\)$")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def item_id_for_entry_id(entry_id: str) -> tuple[UUID, bool]:
    """The item id a feed entry id maps to, and whether the entry id is one of ours.

    Our feeds write "urn:uuid:<item id>" (Atom) or the bare item id (JSON Feed); any other
    id is hashed into one, the same on every import of the feed.
    """
    text = entry_id.strip()
    found = _URN_UUID.match(text)
    candidate = found.group(1) if found else text
    try:
        return UUID(candidate), True
    except ValueError:
        return uuid5(NAMESPACE_URL, f"noticeboard:feed-id:{text}"), False


class _TextParser(HTMLParser):
    """The text of an HTML fragment, without what a browser would not show."""

    _HIDDEN = frozenset({"script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment on one line, spaces collapsed."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def html_to_markdown(fragment: str) -> str:
    """Markdown for feed HTML; it is rendered and sanitized later like every other body."""
    text = markdownify.markdownify(
        fragment,
        heading_style="ATX",
        bullets="-",
        strip=["script", "style", "template", "noscript"],
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def trim_words(text: str, limit: int) -> tuple[str, bool]:
    """`text` on one line, cut at the last word boundary that leaves room for "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a long unbroken word (a URL) is cut where it is
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…", True


def _moment(parsed: Any) -> datetime | None:
    if isinstance(parsed, time.struct_time):
        # feedparser gives every date as a UTC struct_time.
        return datetime(*parsed[:6], tzinfo=UTC)
    return None


def _is_html(detail: Mapping[str, Any] | None) -> bool:
    return detail is not None and str(detail.get("type", "")).lower() in _HTML_TYPES


def _author_name(value: str) -> str:
    found = _RSS_AUTHOR.match(value.strip())
    return found.group(1) if found else value


def feed_candidates(data: bytes, source: str, suffix: str) -> list[Candidate]:
    """Every entry of the feed in `data` (Atom, RSS, or JSON Feed for .json) as announcement
    candidates (not validated yet). A feed that cannot be parsed is a SourceError; one that
    is broken but still yields entries is imported, each entry noting the damage."""
    if suffix.lower() in JSON_FEED_SUFFIXES:
        return json_feed_candidates(decode_text(data, source), source)
    if not looks_like_feed(data[:SNIFF_BYTES], suffix):
        raise SourceError(source, "is XML but not a feed (its root is not <feed> or <rss>)")
    # Bytes, never text: feedparser takes a string for a URL or a file name to open.
    parsed = feedparser.parse(data)
    notes: list[str] = []
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        if not parsed.entries:
            raise SourceError(source, f"is not a readable feed ({problem})")
        notes.append(f"the feed is not well-formed ({problem}): read as far as it goes")
    if not parsed.entries:
        raise SourceError(source, "holds no entries")
    feed_language = parsed.feed.get("language")
    return [
        _entry_candidate(entry, f"{source} (entry {number})", feed_language, notes)
        for number, entry in enumerate(parsed.entries, start=1)
    ]


def _entry_candidate(
    entry: Mapping[str, Any], source: str, feed_language: str | None, feed_notes: list[str]
) -> Candidate:
    notes = list(feed_notes)
    title_detail = entry.get("title_detail")
    title = str(entry.get("title", ""))
    if _is_html(title_detail):
        title = plain_text(title)
    summary = ""
    summary_detail = entry.get("summary_detail")
    content = entry.get("content") or []
    body_html = str(content[0].get("value", "")) if content else ""
    if summary_detail is not None:
        value = str(summary_detail.get("value", ""))
        if body_html:
            summary = plain_text(value) if _is_html(summary_detail) else value
        else:
            # RSS without content:encoded: the description is all there is of the text.
            body_html = value if _is_html(summary_detail) else _escaped(value)
    language = (
        (title_detail or {}).get("language")
        or (content[0].get("language") if content else None)
        or feed_language
    )
    authors = [_author_name(str(a.get("name", ""))) for a in entry.get("authors", [])]
    tags = [str(t.get("term") or t.get("label") or "") for t in entry.get("tags", [])]
    published = _moment(entry.get("published_parsed")) or _moment(entry.get("updated_parsed"))
    links = {"feed_link": entry.get("link")} if entry.get("link") else {}
    return _candidate(
        source,
        # An RSS item without a guid is still the same item at the same link.
        entry_id=entry.get("id") or entry.get("link") or None,
        title=title,
        summary=summary,
        body=html_to_markdown(body_html),
        published=published,
        language=language,
        tags=tags,
        authors=authors,
        extra=links,
        notes=notes,
    )


def _escaped(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())


def json_feed_candidates(text: str, source: str) -> list[Candidate]:
    """Every item of a JSON Feed (1.0 or 1.1) as announcement candidates."""
    try:
        feed = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise SourceError(source, f"is not readable JSON ({error})") from None
    version = feed.get("version") if isinstance(feed, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise SourceError(source, "is JSON but not a JSON Feed (no jsonfeed.org version)")
    items = feed.get("items")
    if not isinstance(items, list):
        raise SourceError(source, "is a JSON Feed without an items list")
    if not items:
        raise SourceError(source, "holds no entries")
    out: list[Candidate] = []
    for number, item in enumerate(items, start=1):
        where = f"{source} (item {number})"
        if not isinstance(item, dict):
            raise SourceError(where, "is not a JSON object")
        out.append(_json_item_candidate(item, where, feed))
    return out


def _json_item_candidate(item: dict[str, Any], source: str, feed: dict[str, Any]) -> Candidate:
    notes: list[str] = []
    if isinstance(item.get("content_html"), str):
        body = html_to_markdown(item["content_html"])
    elif isinstance(item.get("content_text"), str):
        body = item["content_text"].strip()  # plain paragraphs are Markdown already
    else:
        body = ""
    # Not the feed's authors: that is mostly the site's name (ours writes its title there).
    people = item.get("authors") or []
    if not people and isinstance(item.get("author"), dict):
        people = [item["author"]]  # JSON Feed 1.0
    authors = [str(p["name"]) for p in people if isinstance(p, dict) and p.get("name")]
    tags = item.get("tags")
    published = item.get("date_published") or item.get("date_modified")
    extra: dict[str, Any] = {}
    link = item.get("url") or item.get("external_url")
    if isinstance(link, str):
        extra["feed_link"] = link
    if isinstance(item.get("_event"), dict):
        extra["feed_event"] = item["_event"]
        notes.append("an event in the feed: imported as an announcement")
    return _candidate(
        source,
        entry_id=str(item["id"]) if item.get("id") not in (None, "") else None,
        title=str(item.get("title") or ""),
        summary=str(item.get("summary") or ""),
        body=body,
        published=_iso_moment(published),
        language=item.get("language") or feed.get("language"),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        authors=authors,
        extra=extra,
        notes=notes,
    )


def _iso_moment(value: Any) -> Any:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value  # the model says what is wrong with it
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _candidate(
    source: str,
    *,
    entry_id: str | None,
    title: str,
    summary: str,
    body: str,
    published: Any,
    language: Any,
    tags: list[str],
    authors: list[str],
    extra: dict[str, Any],
    notes: list[str],
) -> Candidate:
    data: dict[str, Any] = {
        "kind": Kind.ANNOUNCEMENT.value,
        # A draft, as calendar events are: nothing imported goes into the next export
        # until an editor has looked at it, even if it was published elsewhere.
        "status": Status.DRAFT.value,
        "body": body,
    }
    title = " ".join(title.split())
    if not title:
        title = UNTITLED
        notes.append("no title in the feed: called 'Untitled announcement'")
    title, cut = trim_words(title, TITLE_MAX)
    if cut:
        notes.append(f"title trimmed to {TITLE_MAX} characters")
    data["title"] = title
    if summary.strip():
        length = len(" ".join(summary.split()))
        data["summary"], cut = trim_words(summary, SUMMARY_MAX)
        if cut:
            notes.append(f"summary trimmed to {SUMMARY_MAX} characters (it had {length})")
    if published is not None:
        data["publish_at"] = published
    if isinstance(language, str) and language.strip():
        try:
            data["language"] = canonical_language(language.strip())
        except ValueError:
            notes.append(f"language {language!r} is not a language tag: left as the default")
    if tags:
        data["tags"] = tags
    if authors:
        data["authors"] = authors
    if entry_id:
        item_id, ours = item_id_for_entry_id(entry_id)
        data["id"] = str(item_id)
        if ours:
            # Our own export's link to the item's page: made again from the item.
            extra = {k: v for k, v in extra.items() if k != "feed_link"}
        else:
            extra = {"feed_id": entry_id, **extra}
    else:
        notes.append("no id in the feed: importing this feed again will add it again")
    return Candidate(source=source, data=data, extra=extra, notes=tuple(notes))
