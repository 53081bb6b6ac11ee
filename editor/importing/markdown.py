"""Markdown files with YAML or TOML front matter, as Hugo and Jekyll write them."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import yaml

from editor.domain.extra import EVENT_FRONT_MATTER
from editor.domain.items import Kind, Status
from editor.export.media import media_path_of
from editor.importing.candidate import Candidate, json_ready
from editor.importing.sources import SourceError

# Jekyll's _posts/2022-04-13-new-co-chairs.md: the date and the slug are in the name.
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# libyaml's parser where PyYAML was built with it (its wheels are): much faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys this reader turns into model fields (or knows to be made from them on export).
_KNOWN = {
    "title",
    "date",
    "lastmod",
    "summary",
    "description",
    "tags",
    "categories",
    "lang",
    "language",
    "draft",
    "slug",
    "id",
    "kind",
    "revision",
    "translationKey",
    "expiryDate",
    "publishDate",
    "authors",
    "author",
    "event",
    "status",
    "image",
    "image_alt",
    "media",
    "sync_base",
}
_HASH = re.compile(r"^[0-9a-f]{64}$")


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line the body starts on) of a Markdown file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, text, 1
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (fence, "..."))
    except StopIteration:
        raise SourceError(
            source, f"the front matter opened by {fence} is never closed", 1
        ) from None
    header = "\n".join(lines[1:close]) + "\n"
    data = _load_toml(header, source) if fence == "+++" else _load_yaml(header, source)
    body_lines = lines[close + 1 :]
    start = close + 2
    if body_lines and not body_lines[0].strip():
        body_lines, start = body_lines[1:], start + 1
    return data, "\n".join(body_lines), start


def _load_yaml(header: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.load(header, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 2 if mark is not None else None  # +1 for the fence, +1 1-based
        raise SourceError(source, f"broken YAML front matter: {error.problem}", line) from None
    except yaml.YAMLError as error:
        raise SourceError(source, f"broken YAML front matter: {error}") from None
    except ValueError as error:  # an impossible timestamp such as 2022-02-30
        raise SourceError(source, f"impossible date in the front matter: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(source, "the front matter must be a set of key: value lines", 2)
    return data


def _load_toml(header: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(header)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) + 1 if found else None
        reason = _TOML_LINE.sub("", message).strip()
        raise SourceError(source, f"broken TOML front matter: {reason}", line) from None
    except ValueError as error:
        raise SourceError(source, f"impossible date in the front matter: {error}") from None


def _moment(value: Any) -> Any:
    """A front-matter date as an aware time: a day is its midnight UTC, a naive time UTC.

    Site generators read those in the site's zone, which the file does not say; UTC is
    at least the same on every machine.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            return value  # the model says what is wrong with it
        return _moment(parsed)
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list | tuple) else [value]


def markdown_candidate(text: str, source: str) -> Candidate | None:
    """The item in one Markdown file; None for a Hugo section page (_index.md)."""
    path = PurePosixPath(source)
    if path.stem == "_index":
        return None
    front, body, _ = split_front_matter(text, source)
    # A file ends with a line break; the body does not need it (the export adds it back).
    body = body.removesuffix("\n")
    data: dict[str, Any] = {"body": body}
    notes: list[str] = []
    stem = path.parent.name if path.stem == "index" else path.stem
    jekyll = _JEKYLL_NAME.match(stem)
    if jekyll:
        stem = jekyll.group(2)
        front.setdefault("date", _jekyll_date(jekyll.group(1), source))
    kind = Kind.EVENT if front.get("kind") == "event" or "event" in front else Kind.ANNOUNCEMENT
    data["kind"] = kind.value
    data["title"] = front.get("title") or stem.replace("-", " ").replace("_", " ").strip()
    if not front.get("title"):
        notes.append("no title in the front matter: made from the file name")
    data["slug"] = front.get("slug") or ""
    if not data["slug"] and (jekyll or path.stem == "index"):
        data["slug"] = stem
    summary = front.get("summary") or front.get("description")
    if summary is not None:
        data["summary"] = summary
    tags = _list(front.get("tags")) + _list(front.get("categories"))
    if tags:
        data["tags"] = tags
    language = front.get("lang") or front.get("language")
    if language is not None:
        data["language"] = language
    data["status"] = _status(front)
    for key, field in (("id", "id"), ("revision", "revision")):
        if key in front:
            data[field] = front[key]
    if "id" not in data:
        # The same file imported again is the same item: updated, not added twice.
        data["id"] = str(uuid5(NAMESPACE_URL, f"noticeboard:markdown:{source}"))
    translation = front.get("translationKey")
    if translation is not None and str(translation) != str(front.get("id")):
        if _is_uuid(translation):
            data["translation_of"] = str(translation)
        else:
            notes.append(f"translationKey {translation!r} is not an item id: kept as is")
    moment = front.get("publishDate", front.get("date"))
    if "publishDate" not in front and "sync_base" in front:
        moment = None  # our own export: `date` is the creation time, there is no embargo
    if moment is not None:
        data["publish_at"] = _moment(moment)
    if "expiryDate" in front:
        data["expires_at"] = _moment(front["expiryDate"])
    authors = _list(front.get("authors")) or _list(front.get("author"))
    if authors:
        data["authors"] = authors
    base = front.get("sync_base")
    if isinstance(base, str) and _HASH.match(base):
        data["sync_base"] = base
    extra = {key: json_ready(value) for key, value in front.items() if key not in _KNOWN}
    image = _image(front)
    if image is not None:
        data["image"] = image
        if front.get("image_alt") is not None:
            data["image_alt"] = front["image_alt"]
    else:
        # A picture outside the media folder (a site's /images/...): kept as it was.
        for key in ("image", "image_alt"):
            if front.get(key) is not None:
                extra[key] = json_ready(front[key])
    if kind is Kind.EVENT:
        data |= _event_fields(front.get("event"), source)
        unknown = {k: v for k, v in front["event"].items() if k not in EVENT_FRONT_MATTER}
        if unknown:
            extra["event"] = json_ready(unknown)
    if front.get("kind") not in (None, "event", "announcement"):
        notes.append(f"kind {front['kind']!r} is not one Noticeboard knows: imported as {kind}")
    # A translationKey that is not an item id is the site's own grouping: keep it.
    if (
        translation is not None
        and "translation_of" not in data
        and str(translation) != str(front.get("id"))
    ):
        extra["translationKey"] = json_ready(translation)
    return Candidate(
        source=source, data=data, line=1, extra=extra, notes=tuple(notes), edited_in_place=True
    )


def _image(front: dict[str, Any]) -> str | None:
    """The workspace media path of the front matter's `image`, if it names one.

    Our export writes the bundle's copy ("/media/<hash>.jpg") and, under `media`, which
    workspace file each copy is; a missing file stays "media/<path>", as bodies write it.
    """
    image = front.get("image")
    if not isinstance(image, str) or not image.strip():
        return None
    media = front.get("media")
    if isinstance(media, dict):
        for path, copy in media.items():
            if isinstance(path, str) and copy == image:
                return path
    return media_path_of(image)


def _jekyll_date(text: str, source: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SourceError(source, f"the date {text} in the file name does not exist") from None


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def _status(front: dict[str, Any]) -> str:
    status = front.get("status")
    if isinstance(status, str) and status in {s.value for s in Status}:
        return status
    return Status.DRAFT.value if front.get("draft") is True else Status.PUBLISHED.value


def _event_fields(event: Any, source: str) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise SourceError(source, "an event needs an `event:` map with its start, end and timezone")
    out: dict[str, Any] = {}
    for key, value in event.items():
        field = EVENT_FRONT_MATTER.get(key)
        if field is None:
            continue
        out[field] = value
    return out
