"""What a reader makes of one entry of a file: item fields, not validated yet, and where."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
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
class Origin:
    """Where an incoming version comes from: a workspace's revision (items of a bundle)."""

    workspace_id: str
    revision: int


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
    # A file people edit (Markdown): its sync_base is the version it was written from,
    # not the last one it agreed on, so an older sync_base is still where it started.
    edited_in_place: bool = False
    origin: Origin | None = None


def json_ready(value: Any) -> Any:
    """`value` as JSON can hold it: dates and times as ISO text, tuples and sets as lists,
    infinities and NaN (YAML's .inf, .nan) and anything else (YAML's !!binary) as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((json_ready(item) for item in value), key=str)
    return str(value)
