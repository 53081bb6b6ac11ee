"""The `import` command (registered by editor.cli): plan, report, then apply in one go."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from editor.bundle.review import is_review_file
from editor.importing.plan import Action, ImportPlan, PlannedAction, Policy

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
_VERBS = {Action.ADD: "add", Action.UPDATE: "update", Action.SKIP: "skip"}


def add_import_commands(command: Command) -> None:
    """Add `import` through cli.build_parser's `command` helper."""
    p = command(
        "import",
        cmd_import,
        "import Markdown files (Hugo, Jekyll), .ics calendars and feeds (Atom, RSS, "
        "JSON Feed), or folders of them; Noticeboard bundles (a zip or a folder); "
        "or a reviewer's NAME.review.json",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument(
        "--on-conflict",
        choices=[policy.value for policy in Policy],
        default=Policy.ASK.value,
        help="when an item changed both here and in the file: ask (report it and leave it; "
        "the default), keep ours, replace with theirs, or duplicate (keep both); "
        "the losing side stays in the item's history",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    p.add_argument(
        "--strict",
        action="store_true",
        help="import nothing if any file cannot be imported",
    )


def _conflict_lines(planned: PlannedAction) -> list[str]:
    lines = []
    for conflict in planned.conflicts:
        lines.append(
            f"    {conflict.field}: here {conflict.ours!r}, in the file {conflict.theirs!r}"
        )
    return lines


def _report(plan: ImportPlan, *, dry_run: bool) -> None:
    for planned in plan.actions:
        if planned.problem:
            print(f"noticeboard: skipped {planned.where}: {planned.reason}", file=sys.stderr)
            continue
        title = f" {planned.item.title!r}" if planned.item is not None else ""
        if planned.action is Action.CONFLICT:
            policy = planned.policy or Policy.ASK
            how = "left as it is" if policy is Policy.ASK else f"resolved by {policy.value}"
            print(f"conflict{title} ({planned.where}), {how}: {planned.reason}")
            for line in _conflict_lines(planned):
                print(line)
        else:
            verb = _VERBS[planned.action]
            print(f"{'would ' if dry_run else ''}{verb}{title} ({planned.where}): {planned.reason}")


def _summary(plan: ImportPlan, *, dry_run: bool, written: bool) -> str:
    counts = plan.counts()
    problems = len(plan.problems)
    parts = [
        f"{counts[Action.ADD]} to add" if dry_run else f"{counts[Action.ADD]} added",
        f"{counts[Action.UPDATE]} to update" if dry_run else f"{counts[Action.UPDATE]} updated",
        f"{counts[Action.SKIP] - problems} unchanged",
        f"{counts[Action.CONFLICT]} in conflict",
        f"{problems} skipped with problems",
    ]
    head = "Dry run" if dry_run else ("Imported" if written else "Nothing imported")
    return f"{head}: " + ", ".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    from editor.cli import EXIT_DATA, EXIT_OK, _author, open_workspace
    from editor.importing.apply import apply_plan
    from editor.importing.planning import plan_import

    if any(is_review_file(Path(p)) for p in args.paths):
        from editor.cli_review import cmd_import_review

        return cmd_import_review(args)
    policy = Policy(args.on_conflict)
    paths = [Path(p) for p in args.paths]
    with open_workspace(args.workspace, write=not args.dry_run) as workspace:
        plan = plan_import(paths, workspace, policy=policy)
        _report(plan, dry_run=args.dry_run)
        blocked = args.strict and bool(plan.problems)
        written = False
        if not args.dry_run and not blocked and plan.writes:
            result = apply_plan(workspace, plan, author=_author())
            written = True
            if result.backup:
                print(f"Backup before the import: {result.backup}")
            if result.media_copied:
                print(f"Copied {result.media_copied} media files into the workspace")
            for note in result.notes:
                print(f"noticeboard: {note}", file=sys.stderr)
    print(_summary(plan, dry_run=args.dry_run, written=written))
    if blocked:
        print(
            "noticeboard: --strict: nothing was imported because of the problems above",
            file=sys.stderr,
        )
    unresolved = any(
        a.action is Action.CONFLICT and a.policy in (None, Policy.ASK) for a in plan.actions
    )
    if unresolved:
        print(
            "noticeboard: conflicts were left as they are; import again with "
            "--on-conflict keep, replace or duplicate",
            file=sys.stderr,
        )
    return EXIT_DATA if plan.problems or unresolved else EXIT_OK
