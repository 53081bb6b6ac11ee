"""The bundle commands: `export`, `check` and `verify` (registered by editor.cli)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from editor.domain.items import Announcement, Event, Status, utc_now
from editor.export.checks import Finding, Severity, check_items, has_errors
from editor.export.layout import DEFAULT_STATUSES, content_time, select_items
from editor.export.media import folder_reader

Item = Announcement | Event
Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def add_export_commands(command: Command) -> None:
    """Add export, check and verify through cli.build_parser's `command` helper."""
    p = command("export", cmd_export, "write a publish-ready bundle: a folder, or a .zip")
    p.add_argument("out", metavar="OUT", help="destination folder, or a file ending in .zip")
    _selection_options(p)
    p.add_argument(
        "--as-of",
        metavar="ISO|now",
        help="the bundle's time (what is upcoming, the manifest's creation time); "
        "default: $SOURCE_DATE_EPOCH, else the newest change to the exported items",
    )
    p = command("check", cmd_check, "run the pre-export checks on the items an export takes")
    _selection_options(p)
    p.add_argument("--json", action="store_true")
    p = command("verify", cmd_verify, "check a bundle (folder or .zip) against its manifest")
    p.add_argument("bundle", metavar="BUNDLE")


def _selection_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help="export items with this status (repeatable; default: approved and published)",
    )
    p.add_argument(
        "--ids", nargs="+", metavar="ID", help="export these items (id, id prefix or slug)"
    )
    p.add_argument("--lang", metavar="LANG", help="only items in this language ('en' takes en-GB)")


def _selected(args: argparse.Namespace) -> tuple[list[Item], list[Item], Path | None, str]:
    """(chosen items, the workspace's other items, media folder, workspace id)."""
    from editor.cli import open_workspace

    with open_workspace(args.workspace, write=False) as workspace:
        every = workspace.items()
        ids = [workspace.find(ref).id for ref in args.ids] if args.ids else None
        statuses = [Status(s) for s in args.status] if args.status else list(DEFAULT_STATUSES)
        chosen = select_items(every, statuses=statuses, ids=ids, language=args.lang)
        for item_id, reason in sorted(workspace.damaged.items()):
            print(
                f"noticeboard: warning: stored item {item_id} cannot be read ({reason}); "
                "it is left out",
                file=sys.stderr,
            )
        chosen_ids = {item.id for item in chosen}
        others = [item for item in every if item.id not in chosen_ids]
        return chosen, others, workspace.media_dir, workspace.workspace_id


def _findings(items: list[Item], others: list[Item], media_dir: Path | None) -> list[Finding]:
    read = folder_reader(media_dir)
    return check_items(
        items, now=utc_now(), media_exists=lambda path: read(path) is not None, others=others
    )


def _finding_line(finding: Finding) -> str:
    where = f" [field: {finding.field}]" if finding.field else ""
    about = f"{finding.title}: " if finding.title else ""
    return f"{finding.severity.value}: {about}{finding.message}{where}"


def _as_of(text: str | None) -> datetime | None:
    from editor.cli import UsageError

    if text is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            return datetime.fromtimestamp(int(epoch), UTC)
        return None
    if text.strip().lower() == "now":
        return utc_now()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--as-of {text!r} is not a time; write 2022-04-13T12:00Z or now"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def cmd_export(args: argparse.Namespace) -> int:
    from editor.cli import EXIT_DATA, EXIT_OK
    from editor.export.bundle import BundleError, build_bundle
    from editor.export.writer import DestinationError, write_bundle

    generated_at = _as_of(args.as_of)
    items, others, media_dir, workspace_id = _selected(args)
    if not items:
        print("noticeboard: there are no items to export with these options", file=sys.stderr)
        return EXIT_DATA
    findings = _findings(items, others, media_dir)
    for finding in findings:
        print(f"noticeboard: {_finding_line(finding)}", file=sys.stderr)
    if has_errors(findings):
        errors = sum(f.severity is Severity.ERROR for f in findings)
        print(
            f"noticeboard: export stopped by {errors} error{'s' if errors != 1 else ''}; "
            "nothing was written",
            file=sys.stderr,
        )
        return EXIT_DATA
    when = generated_at or content_time(items)
    try:
        files = build_bundle(
            items, workspace_id=workspace_id, media=folder_reader(media_dir), generated_at=when
        )
        out = write_bundle(files, Path(args.out), timestamp=when)
    except (BundleError, DestinationError) as error:
        print(f"noticeboard: {error}", file=sys.stderr)
        return EXIT_DATA
    size = sum(len(data) for data in files.values())
    print(
        f"Exported {len(items)} item{'s' if len(items) != 1 else ''} "
        f"({len(files)} files, {size / 1024:.0f} KB) to {out}"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from editor.cli import EXIT_DATA, EXIT_OK

    items, others, media_dir, _ = _selected(args)
    findings = _findings(items, others, media_dir)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if args.json:
        report = {
            "items": len(items),
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": [f.to_json() for f in findings],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(_finding_line(finding))
        print(
            f"{len(items)} item{'s' if len(items) != 1 else ''} checked: {errors} "
            f"error{'s' if errors != 1 else ''}, {len(findings) - errors} "
            f"warning{'s' if len(findings) - errors != 1 else ''}"
        )
    return EXIT_DATA if errors else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from editor.bundle.verify import verify_bundle
    from editor.cli import EXIT_DATA, EXIT_OK

    path = Path(args.bundle)
    if not path.exists():
        print(f"noticeboard: {path} does not exist", file=sys.stderr)
        return EXIT_DATA
    problems = verify_bundle(path)
    if not problems:
        print(f"{path}: intact")
        return EXIT_OK
    for problem in problems:
        print(problem)
    print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return EXIT_DATA
