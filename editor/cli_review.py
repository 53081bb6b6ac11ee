"""The reviewers' commands: `review BUNDLE` (the review window) and importing a review file.

`noticeboard import FILE.review.json` comes here from editor.cli_import.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from editor.bundle.review import VERDICT_LABELS, ReviewFileError, Verdict, load_review
from editor.importing.review_import import (
    ReviewedItem,
    ReviewImportPlan,
    apply_review_import,
    plan_review_import,
)

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def add_review_commands(command: Command) -> None:
    """Add `review` through cli.build_parser's `command` helper."""
    p = command(
        "review",
        cmd_review,
        "open a bundle (folder or .zip) read-only to approve items or request changes; "
        "the review is saved beside it as NAME.review.json",
    )
    p.add_argument("bundle", metavar="BUNDLE")


def has_display() -> bool:
    return not sys.platform.startswith("linux") or bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def cmd_review(args: argparse.Namespace) -> int:
    from editor.cli import EXIT_USAGE, _fail

    bundle = Path(args.bundle)
    if not bundle.exists():
        _fail(f"{bundle}: there is no bundle here (give a bundle folder or .zip)", EXIT_USAGE)
    if not bundle.is_dir() and bundle.suffix.lower() != ".zip":
        _fail(f"{bundle}: not a bundle (a bundle is a folder or a .zip file)", EXIT_USAGE)
    if not has_display():
        _fail(
            "No display found, so the review window cannot open. "
            f"Check the bundle with: noticeboard verify {bundle}"
        )
    from editor.app import run_review

    return run_review(bundle)


# -- import -------------------------------------------------------------------------------


def _item_line(item: ReviewedItem, *, dry_run: bool) -> str:
    verdict = VERDICT_LABELS[item.verdict].lower()
    comments = item.new_comments
    parts = [f"{item.title!r}: {verdict}"]
    if comments:
        parts.append(f"{comments} new comment{'s' if comments != 1 else ''}")
    if item.known_comments:
        parts.append(f"{item.known_comments} already imported")
    if item.approve:
        parts.append("would be set to approved" if dry_run else "set to approved")
    if item.note:
        parts.append(item.note)
    return "  " + "; ".join(parts)


def report_review_plan(plan: ReviewImportPlan, *, dry_run: bool) -> None:
    review = plan.review
    print(
        f"Review by {review.reviewer} of {review.bundle.file or review.bundle.id}, "
        f"{review.created_at:%Y-%m-%d %H:%M %Z}:"
    )
    for item in plan.items:
        print(_item_line(item, dry_run=dry_run))
    for item in plan.outdated:
        print(
            f"noticeboard: comments on {item.title!r} were made on revision "
            f"{item.reviewed_revision}; it is at revision {item.current_revision} now",
            file=sys.stderr,
        )
    for item in plan.missing:
        print(f"noticeboard: skipped item {item.item_id}: {item.note}", file=sys.stderr)
    for problem in plan.problems:
        print(f"noticeboard: {problem}", file=sys.stderr)


def _summary(plan: ReviewImportPlan, *, dry_run: bool) -> str:
    comments = sum(1 for c in plan.comments if c.text)
    approvals = len(plan.to_approve)
    changes = sum(1 for i in plan.items if i.verdict is Verdict.CHANGES_REQUESTED)
    head = "Dry run" if dry_run else "Imported"
    parts = [
        f"{comments} comment{'s' if comments != 1 else ''} {'to add' if dry_run else 'added'}",
        f"{approvals} item{'s' if approvals != 1 else ''} "
        f"{'to approve' if dry_run else 'approved'}",
        f"{changes} with changes requested",
        f"{len(plan.outdated)} with comments on an older revision",
    ]
    return f"{head}: " + ", ".join(parts)


def cmd_import_review(args: argparse.Namespace) -> int:
    """`noticeboard import FILE.review.json [--dry-run]`."""
    from editor.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, _author, _fail, open_workspace

    if len(args.paths) != 1:
        _fail("import one review file at a time, without other files", EXIT_USAGE)
    path = Path(args.paths[0])
    try:
        review = load_review(path)
    except ReviewFileError as error:
        _fail(str(error))
    with open_workspace(args.workspace, write=not args.dry_run) as workspace:
        plan = plan_review_import(review, workspace)
        report_review_plan(plan, dry_run=args.dry_run)
        if plan.problems:
            print("Nothing imported", file=sys.stderr)
            return EXIT_DATA
        if not args.dry_run:
            apply_review_import(workspace, plan, author=_author())
    print(_summary(plan, dry_run=args.dry_run))
    return EXIT_DATA if plan.missing else EXIT_OK
