"""The review file: a reviewer's verdicts and comments on a bundle's items, sent back.

Saved as `<bundle>.review.json` beside the bundle (`news.zip` -> `news.review.json`), small
and readable by a person. It names the bundle by its id and the SHA-256 of its manifest,
and each item by id and the revision that was reviewed, so the editor can tell which
comments were made on a revision that has changed since.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, Literal
from uuid import UUID

import orjson
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from editor.bundle.keys import signer_key
from editor.bundle.reader import printable
from editor.domain.problems import describe
from editor.domain.slugs import slugify
from editor.storage.atomic import atomic_write_bytes

REVIEW_FORMAT: Final = "noticeboard-review"
REVIEW_FORMAT_VERSION: Final = 1
REVIEW_SUFFIX = ".review.json"
# A review is a few kilobytes; anything this large is not one, and is not parsed.
MAX_REVIEW_BYTES = 5 * 1024 * 1024
COMMENT_MAX = 10_000
QUOTE_MAX = 2_000
NAME_MAX = 200
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ReviewFileError(ValueError):
    """A review file that cannot be read or is not valid; the message says why."""


class Verdict(StrEnum):
    NONE = "none"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


VERDICT_LABELS = {
    Verdict.NONE: "No verdict",
    Verdict.APPROVED: "Approved",
    Verdict.CHANGES_REQUESTED: "Changes requested",
}


def _plain_line(value: str, label: str) -> str:
    """One line of text without control or direction-override characters."""
    value = " ".join(value.split())
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise ValueError(f"{label} must not contain control or invisible formatting characters")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Anchor(_Frozen):
    """A passage of the body: its text, and where it was (character offsets, 1-based line).

    The quote is what counts; the offsets find it again, or the nearest copy of it, after
    small edits (see locate_anchor).
    """

    quote: str = Field(min_length=1, max_length=QUOTE_MAX)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)

    @model_validator(mode="after")
    def _order(self) -> Anchor:
        if self.end < self.start:
            raise ValueError("the passage ends before it starts")
        return self


class Comment(_Frozen):
    id: UUID
    text: str = Field(min_length=1, max_length=COMMENT_MAX)
    created_at: AwareDatetime
    anchor: Anchor | None = None

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a comment needs some text")
        return value


class ItemReview(_Frozen):
    """The verdict and comments on one item, at the revision the reviewer saw."""

    item_id: UUID
    title: str = ""  # for a person reading the file; the id is what is matched
    revision: int = Field(ge=1)
    verdict: Verdict = Verdict.NONE
    comments: tuple[Comment, ...] = ()

    @field_validator("comments")
    @classmethod
    def _unique(cls, value: tuple[Comment, ...]) -> tuple[Comment, ...]:
        ids = [c.id for c in value]
        if len(set(ids)) != len(ids):
            raise ValueError("two comments have the same id")
        return value


class BundleRef(_Frozen):
    """Which bundle was reviewed: its id, its manifest's SHA-256 and its file name."""

    id: str = Field(min_length=1, max_length=300)
    manifest_sha256: str
    workspace_id: str = Field(max_length=100)
    file: str = Field(default="", max_length=500)

    @field_validator("id", "workspace_id", "file")
    @classmethod
    def _printable(cls, value: str) -> str:
        # Printed by `noticeboard import`: an escape sequence would drive the terminal.
        if printable(value) != value:
            raise ValueError("must not contain control or invisible formatting characters")
        return value

    @field_validator("manifest_sha256")
    @classmethod
    def _digest(cls, value: str) -> str:
        if not _SHA256.match(value):
            raise ValueError("must be a SHA-256 in hexadecimal (64 characters)")
        return value


class Review(_Frozen):
    format: Literal["noticeboard-review"] = REVIEW_FORMAT
    format_version: Literal[1] = REVIEW_FORMAT_VERSION
    reviewer: str = Field(min_length=1, max_length=NAME_MAX)
    created_at: AwareDatetime
    bundle: BundleRef
    items: tuple[ItemReview, ...] = ()

    @field_validator("reviewer")
    @classmethod
    def _reviewer(cls, value: str) -> str:
        value = _plain_line(value, "The reviewer's name")
        if not value:
            raise ValueError("the reviewer's name is required")
        return value

    @field_validator("items")
    @classmethod
    def _unique_items(cls, value: tuple[ItemReview, ...]) -> tuple[ItemReview, ...]:
        ids = [i.item_id for i in value]
        if len(set(ids)) != len(ids):
            raise ValueError("an item is reviewed twice")
        return value

    def item(self, item_id: UUID | str) -> ItemReview | None:
        wanted = str(item_id)
        return next((i for i in self.items if str(i.item_id) == wanted), None)


# -- the bundle's identity ------------------------------------------------------------------


def manifest_digest(raw_manifest: bytes) -> str:
    return hashlib.sha256(raw_manifest).hexdigest()


def bundle_id(manifest: dict[str, Any]) -> str:
    """The bundle's id: the manifest's own `id` when it has one, else the workspace it came
    from and its creation time (what FORMAT.md gives every bundle)."""
    own = manifest.get("id")
    if isinstance(own, str) and own:
        return own
    return f"{manifest.get('workspace_id', '')}/{manifest.get('created_at', '')}"


def review_path_for(bundle: Path) -> Path:
    """Where the review of `bundle` goes: beside it, `news.zip` -> `news.review.json`."""
    bundle = Path(bundle)
    name = bundle.name.rstrip("/")
    stem = name[: -len(".zip")] if name.lower().endswith(".zip") else name
    return bundle.with_name(f"{stem or 'bundle'}{REVIEW_SUFFIX}")


def same_reviewer(a: str, b: str) -> bool:
    """Whether two names are one reviewer's: case, accents' encoding and spaces aside."""
    return signer_key(a) == signer_key(b)  # names compared as signers' names are


def own_review_path(bundle: Path, reviewer: str) -> Path:
    """Where `reviewer` saves a review of `bundle`: review_path_for(bundle), unless that file
    holds someone else's review: then `news.<reviewer>.review.json`, so that two reviewers
    of one bundle in one folder never write over each other's review."""
    shared = review_path_for(bundle)
    try:
        found = load_review(shared)
    except (ReviewFileError, OSError):
        return shared
    if same_reviewer(found.reviewer, reviewer):
        return shared
    name = slugify(reviewer) or "reviewer"
    return shared.with_name(f"{shared.name[: -len(REVIEW_SUFFIX)]}.{name}{REVIEW_SUFFIX}")


def is_review_file(path: Path) -> bool:
    return Path(path).name.lower().endswith(REVIEW_SUFFIX)


# -- reading and writing --------------------------------------------------------------------


def review_to_bytes(review: Review) -> bytes:
    data = review.model_dump(mode="json", exclude_defaults=False)
    for entry in data["items"]:
        for comment in entry["comments"]:
            if comment["anchor"] is None:
                del comment["anchor"]
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def save_review(review: Review, path: Path) -> None:
    """Write the review atomically; raises StorageWriteError (an OSError) on failure."""
    atomic_write_bytes(Path(path), review_to_bytes(review))


def parse_review(raw: bytes, where: str = "the review file") -> Review:
    """The review in `raw`; ReviewFileError naming what is wrong."""
    if len(raw) > MAX_REVIEW_BYTES:
        # load_review reads one byte past the limit: the size is "more than", not len(raw).
        raise ReviewFileError(
            f"{where} is larger than {MAX_REVIEW_BYTES // (1024 * 1024)} MB: too large to be "
            "a review"
        )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ReviewFileError(f"{where} is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != REVIEW_FORMAT:
        raise ReviewFileError(f"{where} is not a Noticeboard review (no format {REVIEW_FORMAT!r})")
    version = data.get("format_version")
    if version != REVIEW_FORMAT_VERSION:
        raise ReviewFileError(
            f"{where} has format version {version!r}; this Noticeboard reads version "
            f"{REVIEW_FORMAT_VERSION}"
        )
    try:
        return Review.model_validate(data)
    except ValidationError as error:
        found = describe(error)[:5]
        details = "; ".join(
            f"{p.message} [{_location(e['loc'])}]"
            for p, e in zip(found, error.errors(), strict=False)
        )
        raise ReviewFileError(f"{where} is not a valid review: {details}") from None


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and parts:
            parts[-1] += f"[{part + 1}]"
        else:
            parts.append(str(part))
    return ".".join(parts) or "file"


def load_review(path: Path) -> Review:
    """Read and validate the review at `path`; ReviewFileError or OSError."""
    path = Path(path)
    with path.open("rb") as handle:
        raw = handle.read(MAX_REVIEW_BYTES + 1)
    return parse_review(raw, path.name)


# -- anchors --------------------------------------------------------------------------------


def anchor_for(body: str, start: int, end: int) -> Anchor | None:
    """The anchor of body[start:end] (trimmed of surrounding space); None if it is empty."""
    start, end = max(0, min(start, end)), min(len(body), max(start, end))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    end = min(end, start + QUOTE_MAX)
    return Anchor(quote=body[start:end], start=start, end=end, line=body.count("\n", 0, start) + 1)


def locate_anchor(body: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored passage is in `body` now: at its offsets if it is still there, else
    the copy of the quote nearest to them; None when the passage is gone."""
    if body[anchor.start : anchor.end] == anchor.quote:
        return anchor.start, anchor.end
    best: int | None = None
    found = body.find(anchor.quote)
    while found != -1:
        if best is None or abs(found - anchor.start) < abs(best - anchor.start):
            best = found
        found = body.find(anchor.quote, found + 1)
    return None if best is None else (best, best + len(anchor.quote))
