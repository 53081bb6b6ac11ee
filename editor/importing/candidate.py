"""What a reader makes of one entry of a file: item fields, not validated yet, and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MediaFile:
    """A picture or file an imported item uses, to be copied into the workspace media folder.

    `path` is where the item expects it (inside the media folder); `member` where it is in
    the bundle at `bundle`, whose manifest gives its `sha256`.
    """

    path: str
    bundle: Path
    member: str
    sha256: str


@dataclass(frozen=True)
class Candidate:
    """One item read from a file, before validation against the model.

    `data` holds model fields (given to parse_item); `extra` the keys the model does not
    know, JSON-ready, kept so that nothing a site generator wrote is lost.
    """

    source: str
    data: dict[str, Any]
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    media: tuple[MediaFile, ...] = ()


def json_ready(value: Any) -> Any:
    """`value` with dates and times as ISO text, tuples as lists: what JSON can hold."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    return value
