"""Rotating, verified backups of the workspace file, thinned out over time."""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from editor.storage.atomic import flush_to_disk
from editor.storage.crashsafe import loads_workspace
from editor.storage.errors import CorruptFileError

_log = logging.getLogger(__name__)

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("Backup times must be timezone-aware")
    return moment.astimezone(UTC)


def _start_of(unit: str, moment: datetime) -> datetime:
    if unit == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'} ago"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, with what verifying it found."""

    path: Path
    created_at: datetime
    item_count: int | None
    ok: bool

    def age_text(self, now: datetime) -> str:
        """Say how old the backup is, e.g. "3 minutes ago"."""
        seconds = int((_utc(now) - self.created_at).total_seconds())
        if seconds < 60:
            return "just now"
        if seconds < 3600:
            return _plural(seconds // 60, "minute")
        if seconds < 86400:
            return _plural(seconds // 3600, "hour")
        return _plural(seconds // 86400, "day")


class BackupSet:
    """The backups of one workspace file, kept as `<stem>-<UTC time>.json` in one folder.

    Snapshots are hard links to the file about to be replaced, so making one costs no
    copy. File names sort by time, so the name alone orders and dates a backup.
    """

    def __init__(
        self,
        folder: Path,
        *,
        stem: str = "noticeboard",
        min_interval: timedelta = timedelta(minutes=5),
        keep_recent: int = 10,
        hourly_for: timedelta = timedelta(hours=48),
        daily_for: timedelta = timedelta(days=60),
    ) -> None:
        self.last_error: str | None = None  # why the last backup before a save failed
        self.folder = Path(folder)
        self.stem = stem
        self.min_interval = min_interval
        self.keep_recent = keep_recent
        self.hourly_for = hourly_for
        self.daily_for = daily_for
        self._pattern = re.compile(rf"{re.escape(stem)}-(\d{{8}}T\d{{6}}\.\d{{6}})Z\.json")
        # name -> (size, mtime_ns, info): verifying means reading and parsing the whole file.
        self._verified: dict[str, tuple[int, int, BackupInfo]] = {}

    def name_for(self, moment: datetime) -> str:
        """Return the backup file name for a moment: `<stem>-20261128T015500.000000Z.json`."""
        return f"{self.stem}-{_utc(moment).strftime(_STAMP_FORMAT)}.json"

    def snapshot_existing(self, db_path: Path, now: datetime | None = None) -> Path | None:
        """Keep the current `db_path` as a new backup; None if there is no such file.

        Meant as `before_replace` for atomic writes: the link keeps the old version alive
        after the new one takes its name. Raises OSError if no backup could be made.
        """
        db_path = Path(db_path)
        if not db_path.exists():
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        moment = _utc(now)
        while True:
            target = self.folder / self.name_for(moment)
            try:
                self._link_or_copy(db_path, target)
            except FileExistsError:
                # Two snapshots in one microsecond (or a clock step back): next free name.
                moment += timedelta(microseconds=1)
                continue
            return target

    @staticmethod
    def _link_or_copy(source: Path, target: Path) -> None:
        try:
            os.link(source, target)
            return
        except FileExistsError:
            raise
        except OSError as error:
            # FAT, exFAT and some network shares have no hard links.
            _log.debug("Hard link %s -> %s failed (%s); copying", source, target, error)
        try:
            with source.open("rb") as reader, target.open("xb") as writer:
                shutil.copyfileobj(reader, writer)
                writer.flush()
                flush_to_disk(writer.fileno())
            shutil.copystat(source, target)
        except FileExistsError:
            raise
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise

    def _names(self) -> list[tuple[str, datetime]]:
        """Backup names with their times, newest first, without reading any file."""
        try:
            entries = os.listdir(self.folder)
        except FileNotFoundError:
            return []
        found: list[tuple[str, datetime]] = []
        for name in entries:
            match = self._pattern.fullmatch(name)
            if match is None:
                continue
            try:
                moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%f")
            except ValueError:
                continue
            found.append((name, moment.replace(tzinfo=UTC)))
        found.sort(reverse=True)
        return found

    def should_snapshot(self, now: datetime | None = None) -> bool:
        """Whether a save at `now` should keep a backup: none yet, or the newest is old enough."""
        names = self._names()
        if not names:
            return True
        age = _utc(now) - names[0][1]
        # A negative age means the clock went back; better one backup too many.
        return age >= self.min_interval or age < timedelta(0)

    def _verify(self, name: str, created_at: datetime) -> BackupInfo | None:
        path = self.folder / name
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        except OSError:
            return BackupInfo(path, created_at, None, ok=False)
        cached = self._verified.get(name)
        if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
            return cached[2]
        try:
            data = loads_workspace(path.read_bytes(), path)
        except FileNotFoundError:
            return None
        except OSError:
            return BackupInfo(path, created_at, None, ok=False)  # maybe passing; not cached
        except CorruptFileError:
            info = BackupInfo(path, created_at, None, ok=False)
        else:
            meta = data.get("meta", {})
            has_version = any(type(record.get("schema_version")) is int for record in meta.values())
            info = BackupInfo(
                path, created_at, len(data.get("items", {})) if has_version else None, has_version
            )
        self._verified[name] = (stat.st_size, stat.st_mtime_ns, info)
        return info

    def list(self) -> list[BackupInfo]:
        """All backups, newest first, each verified (results cached while the file is unchanged)."""
        infos = [self._verify(name, moment) for name, moment in self._names()]
        present = [info for info in infos if info is not None]
        live = {info.path.name for info in present}
        for name in [*self._verified]:
            if name not in live:
                del self._verified[name]
        return present

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that verifies, or None."""
        return next((info for info in self.list() if info.ok), None)

    # `list` below names the method, hence `builtins.list` in these annotations.
    def _kept_indexes(self, backups: builtins.list[BackupInfo], now: datetime) -> set[int]:
        kept = set(range(min(self.keep_recent, len(backups))))
        for span, unit in ((self.hourly_for, "hour"), (self.daily_for, "day")):
            # Per bucket the newest backup that verifies, else simply the newest.
            chosen: dict[datetime, int] = {}
            for index, info in enumerate(backups):  # newest first
                if now - info.created_at >= span:
                    continue
                bucket = _start_of(unit, info.created_at)
                current = chosen.get(bucket)
                if current is None or (info.ok and not backups[current].ok):
                    chosen[bucket] = index
            kept.update(chosen.values())
        return kept

    def prune(self, now: datetime | None = None) -> builtins.list[Path]:
        """Thin out old backups and return the deleted paths.

        Kept: the newest `keep_recent`; the newest of each hour for `hourly_for`; the newest
        of each day for `daily_for`. Any other backup is deleted only when a newer kept
        backup verifies, so the newest good backup survives whatever happens.
        """
        moment = _utc(now)
        backups = self.list()
        kept = self._kept_indexes(backups, moment)
        newest_kept_good = min((i for i in kept if backups[i].ok), default=None)
        if newest_kept_good is None:
            return []
        deleted: builtins.list[Path] = []
        for index in range(newest_kept_good + 1, len(backups)):
            if index in kept:
                continue
            path = backups[index].path
            try:
                path.unlink()
            except FileNotFoundError:
                self._verified.pop(path.name, None)
                continue
            except OSError as error:
                _log.warning("Could not delete old backup %s: %s", path, error)
                continue
            self._verified.pop(path.name, None)
            deleted.append(path)
        return deleted
