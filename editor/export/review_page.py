"""review.html: every item of a bundle in one self-contained page, for reviewers.

One file that works alone, straight from an e-mail attachment: the stylesheet inline,
pictures as data: URIs, no script, and a Content-Security-Policy that loads nothing from
anywhere. Bodies go through the one renderer and sanitizer. Given the items of an older
bundle, it marks what changed since: new items, changed fields, a word diff of each body.
Pure: no I/O.
"""

from __future__ import annotations

import base64
import functools
import html
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from editor.domain.dateline import event_dateline
from editor.domain.diff import Span, changed_words, field_changes, format_value, word_diff
from editor.domain.items import Announcement, Event
from editor.domain.problems import FIELD_LABELS
from editor.domain.wallclock import long_day
from editor.export.layout import Entry, place_items
from editor.export.manifest import MANIFEST_PATH, build_manifest
from editor.export.media import MediaReader, MediaSet, body_html, collect_media, media_path_of
from editor.export.words import language_name, words_for
from editor.render.page import page_css, template_environment, text_direction
from editor.resources import resource_path

Item = Announcement | Event

REVIEW_PATH = "review.html"
# Nothing from anywhere: the stylesheet and the pictures are data: URIs.
REVIEW_CSP = "default-src 'none'; img-src data:; style-src data:"
# Pictures only (no SVG: an image format that can hold script has no place here).
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
# A bigger picture is named, not inlined: review.html goes out by e-mail.
MAX_INLINE_IMAGE_BYTES = 4 * 1024 * 1024
# And past this many bytes of pictures in all (each use counts), the rest are named too:
# mail servers commonly refuse messages over 20-25 MB, and base64 adds a third.
MAX_INLINE_TOTAL_BYTES = 15 * 1024 * 1024
# Shown in the list of fields; the title heads the item and the body has its own part.
_NOT_LISTED = frozenset({"title", "body", "extra", "sync_base", "kind", "start_fold", "end_fold"})
_STATE_ORDER = {"new": 0, "changed": 1}
# Who and when, for reference: after what a reviewer reads.
_LAST = ("slug", "id", "revision", "created_at", "updated_at")
_FIELD_ORDER = {
    name: n for n, name in enumerate([*(f for f in FIELD_LABELS if f not in _LAST), *_LAST])
}
# nh3 writes every attribute value in double quotes, with '"' escaped, but not '>'.
_IMG = re.compile(r'<img(?:\s+[a-z-]+="[^"]*")*\s*/?>')
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')
_HREF = re.compile(r'(\shref=")([^"]*)(")')


@functools.cache
def _stylesheet_uri() -> str:
    """The pages' stylesheet and the review's own rules, as one data: URI.

    A data: URI rather than a <style> element: the Nu validator checks inline CSS against
    an old CSS level (no logical properties) and the bundle's other pages, whose stylesheet
    is a file, are not held to that either.
    """
    css = page_css() + "\n" + resource_path("css", "review.css").read_text(encoding="utf-8")
    return "data:text/css;base64," + base64.b64encode(css.encode("utf-8")).decode("ascii")


def _moment(moment: datetime) -> dict[str, str]:
    """A bundle's time for the page, to the minute: two bundles of one day are told apart."""
    utc = moment.astimezone(UTC)
    return {"text": f"{long_day(utc)}, {utc:%H:%M} UTC", "iso": utc.isoformat()}


class _Pictures:
    """Media of the bundle as data: URIs, each encoded once."""

    def __init__(self, media: MediaSet) -> None:
        self.media = media
        self._uris: dict[str, tuple[str, int] | None] = {}  # path -> (data: URI, bytes)
        self._inlined = 0  # bytes of pictures put in the page so far

    def uri_of(self, path: str) -> str | None:
        """The picture at `path` in the workspace media folder as a data: URI, if it is
        a picture the bundle holds, small enough to inline, and the page has room left."""
        if path not in self._uris:
            name = self.media.names.get(path)
            data = self.media.files.get(name) if name is not None else None
            kind = IMAGE_TYPES.get(PurePosixPath(name).suffix.lower()) if name else None
            ok = data is not None and kind is not None and len(data) <= MAX_INLINE_IMAGE_BYTES
            self._uris[path] = (
                (f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", len(data))
                if ok and data is not None
                else None
            )
        found = self._uris[path]
        if found is None or self._inlined + found[1] > MAX_INLINE_TOTAL_BYTES:
            return None
        self._inlined += found[1]
        return found[0]

    def uri(self, url: str) -> str | None:
        """The same for a URL written in a body ('media/photos/a%20b.png')."""
        path = media_path_of(url)
        return self.uri_of(path) if path is not None else None

    def bundle_name(self, url: str) -> str | None:
        path = media_path_of(url)
        return self.media.names.get(path) if path is not None else None


def _self_contained(fragment: str, pictures: _Pictures) -> str:
    """Sanitized HTML with pictures inlined, others left as their alt text, and links to
    media pointed at the bundle's copy (beside review.html when the bundle is unpacked)."""

    def picture(match: re.Match[str]) -> str:
        attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match[0])}
        uri = pictures.uri(attributes.get("src", ""))
        alt = attributes.get("alt", "")
        if uri is None:
            held = pictures.bundle_name(attributes.get("src", ""))
            where = f", {held} in the bundle" if held else ""
            text = f"[picture: {alt or 'no text'}{where}]"
            return f'<span class="absent">{html.escape(text)}</span>'
        return f'<img src="{uri}" alt="{html.escape(alt)}">'

    def link(match: re.Match[str]) -> str:
        name = pictures.bundle_name(html.unescape(match[2]))
        return f"{match[1]}{html.escape(name)}{match[3]}" if name else match[0]

    return _HREF.sub(link, _IMG.sub(picture, fragment))


def _shown(value: object) -> str:
    """A value as an editor writes it; choices read as words ('in person', not 'in_person')."""
    text = format_value(value)
    return text.replace("_", " ") if isinstance(value, Enum) else text


def _fields(item: Item, dump: Mapping[str, Any]) -> dict[str, str]:
    """The item's fields as an editor writes them, in the form's order, bookkeeping last."""
    names = sorted(
        (n for n in dump if n not in _NOT_LISTED),
        key=lambda n: (_FIELD_ORDER.get(n, len(_FIELD_ORDER)), n),
    )
    values = {name: _shown(dump[name]) for name in names}
    if "language" in values:
        values["language"] = f"{language_name(item.language)} ({item.language})"
    return values


def _field_rows(
    item: Item, dump: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """Label, value and (when it changed since `previous`) the old value of each field."""
    changes = {}
    if previous is not None:
        skip = ("body", *sorted(_NOT_LISTED - {"title", "kind"}))
        changes = {c.field: c for c in field_changes(previous, dump, skip=skip)}
    rows: list[dict[str, Any]] = []
    if isinstance(item, Event):
        rows.append({"label": "When", "value": event_dateline(item), "old": None})
    for name, value in _fields(item, dump).items():
        change = changes.get(name)
        if not value and change is None:
            continue
        rows.append(
            {
                "label": FIELD_LABELS.get(name, name.replace("_", " ").capitalize()),
                "value": value,
                "old": _shown(previous.get(name)) if change and previous is not None else None,
            }
        )
    return rows


def _diff(spans: Sequence[Span]) -> list[dict[str, str]]:
    return [{"op": span.op, "text": span.text} for span in spans]


def _state(dump: Mapping[str, Any], previous: Mapping[str, Any] | None, compared: bool) -> str:
    if not compared:
        return ""
    if previous is None:
        return "new"
    fields = field_changes(previous, dump, skip=("extra", "sync_base"))
    return "changed" if fields else "unchanged"


def _item_context(
    entry: Entry, previous: Item | None, compared: bool, pictures: _Pictures
) -> dict[str, Any]:
    item = entry.item
    dump = item.model_dump()
    previous_dump = previous.model_dump() if previous is not None else None
    state = _state(dump, previous_dump, compared)
    body_changed = previous is not None and previous.body != item.body
    spans = word_diff(previous.body, item.body) if previous is not None and body_changed else []
    added, removed = changed_words(spans)
    title_change = previous is not None and previous.title != item.title
    image = pictures.uri_of(item.image) if item.image else None
    return {
        "anchor": f"item-{item.id}",
        "title": item.title,
        "old_title": previous.title if title_change and previous is not None else None,
        "kind": item.kind.value,
        "status": item.status.value,
        "lang": item.language,
        "dir": text_direction(item.language),
        "page": entry.page,
        "state": state,
        "fields": _field_rows(item, dump, previous_dump),
        "image": image,
        "image_alt": item.image_alt or "",
        "image_missing": bool(item.image) and image is None,
        "body": Markup(_self_contained(body_html(item.body), pictures)),  # sanitized
        "diff": _diff(spans),
        "added": added,
        "removed": removed,
    }


def render_review_page(
    entries: Sequence[Entry],
    media: MediaSet,
    *,
    as_of: datetime,
    previous: Sequence[Item] | None = None,
    previous_as_of: datetime | None = None,
) -> bytes:
    """review.html for the bundle of `entries`; with `previous` (the items of an older
    bundle), what changed since is marked."""
    pictures = _Pictures(media)
    before = {item.id: item for item in previous or ()}
    compared = previous is not None
    ordered = sorted(entries, key=lambda e: (e.item.kind.value, e.item.title.casefold(), e.page))
    items = [_item_context(e, before.get(e.item.id), compared, pictures) for e in ordered]
    # What needs reading first: new items, then changed ones, then the rest (a stable sort).
    items.sort(key=lambda i: _STATE_ORDER.get(i["state"], len(_STATE_ORDER)))
    current = {e.item.id for e in entries}
    removed = sorted(
        (item for item in before.values() if item.id not in current),
        key=lambda item: item.title.casefold(),
    )
    counts = {state: sum(i["state"] == state for i in items) for state in ("new", "changed")}
    context: dict[str, Any] = {
        "lang": "en",
        "dir": "ltr",
        "csp": REVIEW_CSP,
        "css_uri": _stylesheet_uri(),
        "site_title": words_for("en")["site_title"],
        "as_of": _moment(as_of),
        "compared": compared,
        "since": _moment(previous_as_of) if previous_as_of is not None else None,
        "items": items,
        "counts": counts,
        "removed": [{"title": i.title, "kind": i.kind.value, "lang": i.language} for i in removed],
    }
    page = template_environment().get_template("export/review.html").render(context)
    return page.encode("utf-8")


def with_review_since(
    files: Mapping[str, bytes],
    items: Sequence[Item],
    *,
    previous: Sequence[Item],
    previous_as_of: datetime | None,
    media: MediaReader,
    workspace_id: str,
    created_at: datetime,
) -> dict[str, bytes]:
    """`files` (a built bundle) with review.html marking the changes since `previous`, and
    the manifest made again to match: what build_bundle gives, compared."""
    entries = place_items(items).entries
    media_set = collect_media((e.item for e in entries), media)
    when = created_at.astimezone(UTC).replace(microsecond=0)
    out = dict(files)
    out[REVIEW_PATH] = render_review_page(
        entries, media_set, as_of=when, previous=previous, previous_as_of=previous_as_of
    )
    del out[MANIFEST_PATH]
    out[MANIFEST_PATH] = build_manifest(out, entries, workspace_id=workspace_id, created_at=when)
    return out
