"""The command line: every command but `gui` works headless and is scriptable."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn
from uuid import UUID

from pydantic import ValidationError

from editor import __version__
from editor.cli_edits import FieldAssignmentError, apply_assignments
from editor.cli_export import add_export_commands
from editor.cli_import import add_import_commands
from editor.cli_output import (
    history_json,
    item_listing,
    print_item,
    print_json,
    print_table,
    short_ids,
)
from editor.cli_review import add_review_commands
from editor.domain import problems
from editor.domain.items import (
    Announcement,
    Attendance,
    Event,
    Kind,
    Status,
    item_to_json,
    parse_item,
)
from editor.domain.query import ItemQuery, SortKey
from editor.paths import resolve_workspace
from editor.preferences import load_preferences
from editor.storage import (
    StorageError,
    Workspace,
    WorkspaceCorruptError,
    WorkspaceLockedError,
    restore_backup,
)
from editor.storage.opening import current_item_count
from editor.storage.samples import add_samples
from editor.storage.workspace import DB_NAME

Item = Announcement | Event

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line words: exit code 2."""


def _fail(message: str, code: int = EXIT_DATA) -> NoReturn:
    print(f"noticeboard: {message}", file=sys.stderr)
    raise SystemExit(code)


def _author() -> str:
    name = load_preferences().author
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# -- workspace opening ----------------------------------------------------------------------


def open_workspace(option: str | None, *, write: bool) -> Workspace:
    """Open the chosen workspace; the default one is created with sample items on first use."""
    folder, is_default = resolve_workspace(option)
    is_new = not (folder / DB_NAME).exists()
    if is_new and is_default:
        with Workspace.open(folder) as fresh:
            if len(fresh) == 0 and not fresh.trashed():
                add_samples(fresh)
    if not write:
        if is_new and not is_default and not folder.exists():
            _fail(f"There is no workspace in {folder} yet (add an item to create it)")
        return Workspace.open(folder, read_only=True)
    return Workspace.open(folder)


# -- commands -------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    query = ItemQuery(
        kind=Kind(args.kind) if args.kind else None,
        status=Status(args.status) if args.status else None,
        tag=args.tag,
        language=args.lang,
        text=args.search,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=SortKey(args.sort),
        descending=not args.ascending,
    )
    with open_workspace(args.workspace, write=False) as workspace:
        warned: set[str] = set()
        _warn_damaged(workspace, warned)
        if args.json:
            print_json([item_to_json(item) for item in workspace.items(query)])
            _warn_damaged(workspace, warned)  # validating every item may have found more
            return EXIT_OK
        # The table needs no full items: summaries keep a large workspace quick to list.
        rows = workspace.summaries(query)
        # Prefixes unique in the whole workspace, so each can be typed back into `show`.
        every_id = [UUID(s.id) for s in workspace.summaries()]
        every_id += [t.item.id for t in workspace.trashed()]
    print_table(item_listing(rows, short_ids(every_id)))
    print(f"{len(rows)} item{'s' if len(rows) != 1 else ''}")
    return EXIT_OK


def _warn_damaged(workspace: Workspace, already: set[str]) -> None:
    """Say on stderr which stored items cannot be read; they stay in the file untouched."""
    for item_id, reason in sorted(workspace.damaged.items()):
        if item_id not in already:
            already.add(item_id)
            print(
                f"noticeboard: warning: stored item {item_id} cannot be read ({reason}); "
                "it is kept unchanged in the workspace file",
                file=sys.stderr,
            )


def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, write=False) as workspace:
        item = workspace.find(args.ref, include_trash=True)
    if args.json:
        print_json(item_to_json(item))
    else:
        print_item(item)
    return EXIT_OK


def _read_body(source: str | None) -> str:
    if source is None:
        return ""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        _fail(f"Cannot read the body from {source}: {error.strerror or error}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"The body in {source} is not UTF-8 text (byte {error.start})")


def cmd_add(args: argparse.Namespace) -> int:
    prefs = load_preferences()
    data: dict[str, Any] = {
        "kind": args.kind,
        "title": args.title,
        "summary": args.summary or "",
        "body": _read_body(args.body_file),
        "tags": args.tag or [],
        "language": args.lang or prefs.default_language,
        "status": args.status or Status.DRAFT,
        "authors": [_author()],
    }
    event_options = (
        "start",
        "end",
        "timezone",
        "all_day",
        "venue",
        "online_url",
        "registration_url",
        "attendance",
    )
    if args.kind == Kind.EVENT:
        data |= {
            "timezone": args.timezone or prefs.default_timezone,
            "all_day": args.all_day,
            "start": args.start,
            "end": args.end,
            "online_url": args.online_url,
            "registration_url": args.registration_url,
        }
        if args.venue:
            data["venue"] = {"name": args.venue}
        data["attendance"] = args.attendance or _guess_attendance(args)
        for required in ("start", "end"):
            if data[required] is None:
                raise UsageError(f"an event needs --{required}")
    else:
        given = [f"--{o.replace('_', '-')}" for o in event_options if getattr(args, o, None)]
        if given:
            raise UsageError(f"{', '.join(given)} only apply to events")
    # Validated before the workspace is opened: a rejected item creates no workspace.
    item = parse_item(data)
    with open_workspace(args.workspace, write=True) as workspace:
        slug = workspace.unique_slug(item.slug, item.kind, item.language)
        if slug != item.slug:
            item = parse_item(item.model_dump() | {"slug": slug})
        saved = workspace.save(item, saved_by=_author())
    print(saved.id)
    return EXIT_OK


def _guess_attendance(args: argparse.Namespace) -> Attendance:
    if args.online_url and args.venue:
        return Attendance.HYBRID
    if args.online_url:
        return Attendance.ONLINE
    return Attendance.IN_PERSON


def cmd_set(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, write=True) as workspace:
        item = workspace.find(args.ref)
        try:
            changed = apply_assignments(item, args.assignments)
        except FieldAssignmentError as error:
            if error.usage:
                raise UsageError(str(error)) from None
            _fail(str(error))
        saved = workspace.save(changed, saved_by=_author(), expected_revision=item.revision)
    print(f"{saved.id} revision {saved.revision}")
    return EXIT_OK


def cmd_trash(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, write=True) as workspace:
        item = workspace.trash(workspace.find(args.ref).id)
    print(f"Moved to the trash: {item.title} ({item.id})")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, write=True) as workspace:
        item = workspace.restore(workspace.find_in_trash(args.ref).id, saved_by=_author())
    print(f"Restored: {item.title} ({item.id}, slug {item.slug})")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, write=False) as workspace:
        item = workspace.find(args.ref, include_trash=True)
        revisions = workspace.history(item.id)
    if args.json:
        print_json(history_json(revisions))
        return EXIT_OK
    print(f"{item.title} ({item.id})")
    for rev in revisions:
        marker = " (current)" if rev.current else ""
        who = rev.saved_by or "unknown"
        when = rev.saved_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        print(f"  revision {rev.revision:>3}  {when}  {who}{marker}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    folder, _ = resolve_workspace(args.workspace)
    from editor.storage.backups import BackupSet
    from editor.storage.workspace import BACKUP_DIR

    backups = BackupSet(folder / BACKUP_DIR).list()
    now = datetime.now(UTC)
    if args.json:
        print_json(
            [
                {
                    "path": str(b.path),
                    "created_at": b.created_at.isoformat(),
                    "ok": b.ok,
                    "item_count": b.item_count,
                }
                for b in backups
            ]
        )
        return EXIT_OK
    if not backups:
        print(f"No backups in {folder / BACKUP_DIR}")
    for b in backups:
        state = f"{b.item_count} item{'' if b.item_count == 1 else 's'}" if b.ok else "DAMAGED"
        print(f"{b.path}  {b.age_text(now)}  {state}")
    return EXIT_OK


def cmd_restore_backup(args: argparse.Namespace) -> int:
    folder, _ = resolve_workspace(args.workspace)
    from editor.storage.backups import BackupSet
    from editor.storage.workspace import BACKUP_DIR

    backups = BackupSet(folder / BACKUP_DIR)
    if args.backup:
        chosen = Path(args.backup)
    else:
        newest = backups.newest_good()
        if newest is None:
            _fail(f"There is no good backup in {folder / BACKUP_DIR}")
        chosen = newest.path
    now_count = current_item_count(folder)
    if now_count is not None and not args.yes:
        # The workspace is fine: replacing it with an older state must be deliberate.
        info = next((b for b in backups.list() if b.path == chosen), None)
        then = f"{info.item_count} items, {info.age_text(datetime.now(UTC))}" if info else "?"
        _fail(
            f"The workspace in {folder} is readable and holds {now_count} items; the backup "
            f"{chosen} holds {then}. Restoring replaces the current state (it is kept as "
            "noticeboard.json.replaced-<time>). Run again with --yes to restore."
        )
    kept = restore_backup(folder, chosen)
    print(f"Restored {chosen} as the workspace in {folder}")
    if kept.name != DB_NAME:
        print(f"The previous workspace file is kept as {kept}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        _fail(
            "No display found, so the editor window cannot open. Use the command line "
            "instead (noticeboard list, show, add, set; see noticeboard --help)."
        )
    from editor.app import run_gui

    return run_gui(args.workspace)


# -- parser ---------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _fail(message, EXIT_USAGE)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it like 2022-04-13"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="noticeboard",
        description="Draft announcements and events, preview them as published, export bundles.",
    )
    parser.add_argument("--version", action="version", version=f"noticeboard {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen (preview, export, verify) and exit",
    )
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace folder (default: $NOTICEBOARD_WORKSPACE, then the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    command("gui", cmd_gui, "open the editor window (the default)")

    p = command("list", cmd_list, "list items")
    p.add_argument("--kind", choices=[k.value for k in Kind])
    p.add_argument("--status", choices=[s.value for s in Status])
    p.add_argument("--tag")
    p.add_argument("--lang", metavar="LANG")
    p.add_argument("--search", metavar="TEXT", help="words to find in title, summary and body")
    p.add_argument(
        "--from", dest="date_from", type=_day, metavar="DATE", help="dated on or after DATE"
    )
    p.add_argument(
        "--to", dest="date_to", type=_day, metavar="DATE", help="dated on or before DATE"
    )
    p.add_argument("--sort", choices=[s.value for s in SortKey], default=SortKey.UPDATED.value)
    p.add_argument("--ascending", action="store_true")
    p.add_argument("--json", action="store_true")

    p = command("show", cmd_show, "show one item")
    p.add_argument("ref", metavar="ID_OR_SLUG")
    p.add_argument("--json", action="store_true")

    p = command("add", cmd_add, "add an announcement or an event; prints its id")
    p.add_argument("kind", choices=[k.value for k in Kind])
    p.add_argument("--title", required=True)
    p.add_argument("--summary")
    p.add_argument("--body-file", metavar="FILE", help="Markdown body from FILE, or - for stdin")
    p.add_argument("--tag", action="append", metavar="TAG")
    p.add_argument("--lang", metavar="LANG")
    p.add_argument("--status", choices=[s.value for s in Status])
    p.add_argument("--start", metavar="ISO")
    p.add_argument("--end", metavar="ISO")
    p.add_argument("--timezone", metavar="IANA")
    p.add_argument("--all-day", action="store_true")
    p.add_argument("--venue", metavar="NAME")
    p.add_argument("--online-url", metavar="URL")
    p.add_argument("--registration-url", metavar="URL")
    p.add_argument("--attendance", choices=[a.value for a in Attendance])

    p = command("set", cmd_set, "change fields of an item: FIELD=VALUE ...")
    p.add_argument("ref", metavar="ID_OR_SLUG")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")

    p = command("trash", cmd_trash, "move an item to the trash")
    p.add_argument("ref", metavar="ID_OR_SLUG")
    p = command("restore", cmd_restore, "bring an item back from the trash")
    p.add_argument("ref", metavar="ID_OR_SLUG")

    p = command("history", cmd_history, "list the saved revisions of an item")
    p.add_argument("ref", metavar="ID_OR_SLUG")
    p.add_argument("--json", action="store_true")

    p = command("backups", cmd_backups, "list the workspace's backups")
    p.add_argument("--json", action="store_true")
    p = command(
        "restore-backup",
        cmd_restore_backup,
        "make a backup the workspace again (the newest good one by default)",
    )
    p.add_argument("backup", nargs="?", metavar="PATH")
    p.add_argument("--yes", action="store_true", help="replace a workspace that is still readable")
    add_export_commands(command)
    add_import_commands(command)
    add_review_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (also for usage errors and --help)."""
    try:
        return _run(argv)
    except SystemExit as stop:
        # argparse and _fail exit this way; in-process callers want the number.
        if stop.code is None:
            return EXIT_OK
        return stop.code if isinstance(stop.code, int) else EXIT_DATA


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from editor.selftest import main as self_test

        return self_test()
    if args.command is None:
        args.handler = cmd_gui
    try:
        return int(args.handler(args))
    except UsageError as error:
        parser.print_usage(sys.stderr)
        _fail(str(error), EXIT_USAGE)
    except ValidationError as error:
        for problem in problems.describe(error):
            where = f" [field: {problem.field}]" if problem.field else ""
            print(f"noticeboard: {problem.message}{where}", file=sys.stderr)
        return EXIT_DATA
    except WorkspaceLockedError as error:
        _fail(f"{error} Close it there, or use read-only commands (list, show, history).")
    except (WorkspaceCorruptError, StorageError) as error:
        _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `noticeboard list | head`: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        _fail(f"{error.strerror or error}{where}")
