"""The pictures and files items use, copied into media/ under names made from their content."""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote

from editor.domain.items import Announcement, Event
from editor.export.site_address import absolute
from editor.render.markdown_html import render_markdown
from editor.render.page import MEDIA_FOLDER
from editor.render.sanitize import is_media_path

Item = Announcement | Event
# A path inside the workspace media folder -> its bytes, or None when there is no such file.
MediaReader = Callable[[str], bytes | None]

# Rendered HTML comes from nh3 and the templates: attribute values are always double-quoted.
_URL_ATTRIBUTE = re.compile(r'(\s(?:src|href)=")([^"]*)(")')
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")
_HASH_LENGTH = 20


@dataclass(frozen=True)
class MediaSet:
    """What the bundle's media/ holds and how workspace paths map onto it."""

    names: Mapping[str, str]  # path inside the workspace media folder -> bundle path
    files: Mapping[str, bytes]  # bundle path -> bytes
    missing: tuple[str, ...]  # used by an item, not found in the media folder


def media_path_of(url: str) -> str | None:
    """The path inside the media folder that a page URL ('media/a%20b.jpg') names, if any."""
    if not is_media_path(url):
        return None
    path = normpath(unquote(url).replace("\\", "/").split("?")[0].split("#")[0])
    prefix = f"{MEDIA_FOLDER}/"
    return path[len(prefix) :] if path.startswith(prefix) and len(path) > len(prefix) else None


@functools.lru_cache(maxsize=2048)
def body_html(body: str) -> str:
    """render_markdown(body), once per export: the listing, feeds and checks all need it."""
    return render_markdown(body)


def body_urls(body: str) -> list[tuple[str, str]]:
    """(attribute, URL) of every link and picture in a body, as the renderer outputs them."""
    return [
        (match[1].strip().split("=")[0], html.unescape(match[2]))
        for match in _URL_ATTRIBUTE.finditer(body_html(body))
    ]


def media_references(item: Item) -> list[str]:
    """Paths inside the media folder that `item` uses: its lead image, then its body's."""
    found = [item.image] if item.image else []
    for _, url in body_urls(item.body):
        path = media_path_of(url)
        if path is not None and path not in found:
            found.append(path)
    return found


def bundle_name(path: str, data: bytes) -> str:
    """'media/<sha256 prefix><.ext>': equal files are stored once, names never clash."""
    suffix = PurePosixPath(path).suffix.lower()
    extension = suffix if _EXTENSION.match(suffix) else ""
    return f"{MEDIA_FOLDER}/{hashlib.sha256(data).hexdigest()[:_HASH_LENGTH]}{extension}"


def collect_media(items: Iterable[Item], read: MediaReader) -> MediaSet:
    names: dict[str, str] = {}
    files: dict[str, bytes] = {}
    missing: list[str] = []
    for item in items:
        for path in media_references(item):
            if path in names or path in missing:
                continue
            data = read(path)
            if data is None:
                missing.append(path)
                continue
            name = bundle_name(path, data)
            names[path] = name
            files[name] = data
    return MediaSet(names, files, tuple(sorted(missing)))


def rewrite_urls(
    fragment: str, names: Mapping[str, str], page: str, base: str | None = None
) -> str:
    """Point media URLs at their bundle names, and in-page anchors at `page`.

    Pages resolve URLs against the bundle root (<base>), so '#notes' alone would jump to
    the listing: it becomes 'events/briefing/index.html#notes'. With the site's address
    `base` (feeds), every relative URL is made absolute against it.
    """

    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match[2])
        if url.startswith("#"):
            url = page + url
        else:
            path = media_path_of(url)
            if path is not None and path in names:
                url = names[path]
            elif base is None:
                return match[0]
        return f"{match[1]}{html.escape(absolute(url, base))}{match[3]}"

    return _URL_ATTRIBUTE.sub(replace, fragment)


def folder_reader(folder: Path | None) -> MediaReader:
    """A MediaReader over a workspace media folder; never reads outside it."""

    def read(path: str) -> bytes | None:
        if folder is None:
            return None
        root = folder.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        try:
            return target.read_bytes()
        except OSError:
            return None

    return read
