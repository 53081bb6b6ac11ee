"""Reading import files safely: size limits, text encodings, and problems that name the file."""

from __future__ import annotations

import codecs
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024  # far beyond any announcement; stops a mistaken video
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
CALENDAR_SUFFIXES = frozenset({".ics", ".ical"})
FEED_SUFFIXES = frozenset({".atom", ".rss", ".xml"})
JSON_FEED_SUFFIXES = frozenset({".json"})
# Enough of a file to see its root element or a JSON Feed's version.
SNIFF_BYTES = 64 * 1024
# The first element after the XML declaration, comments, processing instructions, DOCTYPE.
_XML_ROOT = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?([\w.-]+)",
    re.DOTALL | re.IGNORECASE,
)
_FEED_ROOTS = frozenset({"feed", "rss", "rdf"})  # Atom, RSS 0.9x/2.0, RSS 1.0 (rdf:RDF)
_JSON_FEED_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')


class SourceError(ValueError):
    """One file cannot be imported; the message says why, for a person."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SourceFile:
    """A file to import: its path, and the name it is reported under."""

    path: Path
    name: str

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


def decode_text(data: bytes, source: str) -> str:
    """The text of an import file: UTF-8 (with or without a BOM) or UTF-16 with a BOM.

    Anything else is refused with the line of the first bad byte: guessing a legacy
    encoding would import mojibake without a word.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError(source, "starts like UTF-16 but is not valid UTF-16") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            source,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save it as UTF-8 and import it again",
            line,
        ) from None
    if "\x00" in text:
        raise SourceError(source, "holds NUL characters: it is not a text file")
    return text


def read_limited(path: Path, source: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, refusing files over `limit` before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise SourceError(
            source, f"is {size / 1_048_576:.1f} MB, more than the {limit // 1_048_576} MB limit"
        )
    return path.read_bytes()


def _head_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")


def looks_like_feed(head: bytes, suffix: str) -> bool:
    """Whether a file starting with `head` is a feed: always for .atom and .rss; for .xml
    when its root is <feed>, <rss> or <rdf:RDF>; for .json when it names a JSON Feed version.
    """
    suffix = suffix.lower()
    if suffix in (".atom", ".rss"):
        return True
    text = _head_text(head)
    if suffix in JSON_FEED_SUFFIXES:
        return _JSON_FEED_VERSION.search(text) is not None
    if suffix in FEED_SUFFIXES:
        root = _XML_ROOT.match(text)
        return root is not None and root.group(1).lower() in _FEED_ROOTS
    return False


def _known(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES or suffix in CALENDAR_SUFFIXES:
        return True
    if suffix in FEED_SUFFIXES or suffix in JSON_FEED_SUFFIXES:
        # A folder holds other XML and JSON (sitemaps, settings): only feeds are imported.
        try:
            with path.open("rb") as file:
                return looks_like_feed(file.read(SNIFF_BYTES), suffix)
        except OSError:
            return True  # reading it again reports why it cannot be read
    return False


def collect_files(
    paths: list[Path], *, skip: Collection[Path] = ()
) -> tuple[list[SourceFile], list[SourceError]]:
    """The importable files under `paths` (folders walked, sorted), and what was not found.

    Hidden files and folders (".git", ".DS_Store") are passed over without a word, and so
    is everything inside the folders in `skip` (bundles, imported as bundles).
    """
    found: list[SourceFile] = []
    missing: list[SourceError] = []
    skipped = set(skip)
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if skipped and not skipped.isdisjoint(child.parents):
                    continue
                if child.is_file() and not child.is_symlink() and _known(child):
                    found.append(SourceFile(child, (Path(path.name) / relative).as_posix()))
        elif path.is_file():
            found.append(SourceFile(path, str(path)))
        else:
            missing.append(SourceError(str(path), "does not exist"))
    return found, missing
