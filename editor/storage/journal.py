"""The recovery journal: unsaved drafts kept on disk, so a crash loses (almost) nothing.

One small JSON file per draft in `<workspace>/recovery/<item id>.json`, each written
atomically. A draft holds the editor's raw field values even when they do not validate
(an end before the start), the revision the edit started from, and when it was written.
A draft is cleared when its item saves or the editor discards it; whatever is left at
the next start is offered for recovery.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from editor.storage.atomic import atomic_write_bytes
from editor.storage.errors import StorageError, StorageWriteError, describe_os_error

_log = logging.getLogger(__name__)

RECOVERY_DIR = "recovery"
FORMAT = 1
_SUFFIX = ".json"
_TAG = "$type"


@dataclass(frozen=True)
class Draft:
    """An unsaved state of one item, as the editor had it."""

    item_id: str
    kind: str
    base_revision: int  # 0: the item was never saved
    data: dict[str, Any]  # raw field values, valid or not
    written_at: datetime
    slug_given: bool = True
    problems: dict[str, str] = field(default_factory=dict)  # field -> message when written

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return title.strip() if isinstance(title, str) else ""

    @property
    def is_new(self) -> bool:
        return self.base_revision == 0


def _encode(value: Any) -> Any:
    """Plain JSON for the draft's values, with tags for the types JSON lacks."""
    if isinstance(value, datetime):  # before date: a datetime is a date
        return {_TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "date", "value": value.isoformat()}
    if isinstance(value, UUID):
        return {_TAG: "uuid", "value": str(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_encode(v) for v in value]
    if hasattr(value, "model_dump"):
        return _encode(value.model_dump())
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        tag = value.get(_TAG)
        if tag == "datetime":
            return datetime.fromisoformat(value["value"])
        if tag == "date":
            return date.fromisoformat(value["value"])
        if tag == "uuid":
            return UUID(value["value"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def encode_draft(draft: Draft) -> bytes:
    return orjson.dumps(
        {
            "format": FORMAT,
            "item_id": draft.item_id,
            "kind": draft.kind,
            "base_revision": draft.base_revision,
            "written_at": draft.written_at.isoformat(),
            "slug_given": draft.slug_given,
            "problems": draft.problems,
            "data": _encode(draft.data),
        }
    )


def decode_draft(raw: bytes) -> Draft:
    """The draft in `raw`; ValueError if it is not a journal entry this version reads."""
    try:
        record = orjson.loads(raw)
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise ValueError("not a recovery journal entry of a known format")
        data = _decode(record["data"])
        if not isinstance(data, dict):
            raise ValueError("the draft holds no fields")
        written = datetime.fromisoformat(record["written_at"])
        return Draft(
            item_id=str(UUID(str(record["item_id"]))),
            kind=str(record["kind"]),
            base_revision=int(record["base_revision"]),
            data=data,
            written_at=written if written.tzinfo else written.replace(tzinfo=UTC),
            slug_given=bool(record.get("slug_given", True)),
            problems={str(k): str(v) for k, v in dict(record.get("problems") or {}).items()},
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(str(error) or type(error).__name__) from error


class RecoveryJournal:
    """The drafts of one workspace folder. Knows nothing of Qt or of the workspace file."""

    def __init__(self, workspace_folder: Path) -> None:
        self.workspace_folder = Path(workspace_folder)
        self.folder = self.workspace_folder / RECOVERY_DIR
        self.unreadable: dict[Path, str] = {}  # filled by drafts(): files kept, not offered

    def path_for(self, item_id: UUID | str) -> Path:
        return self.folder / f"{UUID(str(item_id))}{_SUFFIX}"

    def write(self, draft: Draft) -> Path:
        """Keep `draft`, replacing the item's previous one; raises StorageWriteError."""
        path = self.path_for(draft.item_id)
        raw = encode_draft(draft)
        try:
            # Never parents=True: a workspace folder that went away (a USB stick pulled
            # out) must not be re-created empty under the mount point.
            self.folder.mkdir(exist_ok=True)
        except OSError as error:
            raise StorageWriteError(path, error) from error
        atomic_write_bytes(path, raw)
        return path

    def clear(self, item_id: UUID | str) -> None:
        """Forget the item's draft (it saved, or the editor discarded it)."""
        path = self.path_for(item_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StorageError(
                f"Could not remove the recovery copy {path}: {describe_os_error(error)}."
            ) from error

    def get(self, item_id: UUID | str) -> Draft | None:
        path = self.path_for(item_id)
        try:
            return decode_draft(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            _log.warning("Cannot read the recovery copy %s: %s", path, error)
            return None

    def drafts(self) -> list[Draft]:
        """Every readable draft, newest first. Unreadable files stay on disk untouched."""
        self.unreadable = {}
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StorageError(
                f"Could not read the recovery folder {self.folder}: {describe_os_error(error)}."
            ) from error
        found: list[Draft] = []
        for name in names:
            if not name.endswith(_SUFFIX) or name.startswith("."):
                continue
            path = self.folder / name
            try:
                draft = decode_draft(path.read_bytes())
            except (OSError, ValueError) as error:
                reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
                self.unreadable[path] = reason
                continue
            if path.name != f"{draft.item_id}{_SUFFIX}":
                self.unreadable[path] = "its name does not match the item it holds"
                continue
            found.append(draft)
        return sorted(found, key=lambda d: d.written_at, reverse=True)

    def clear_all(self) -> None:
        for draft in self.drafts():
            with contextlib.suppress(StorageError):
                self.clear(draft.item_id)
