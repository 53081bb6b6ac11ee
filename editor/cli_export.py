"""The bundle commands: `export`, `check` and `verify` (registered by editor.cli)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from editor.domain.items import Announcement, Event, Status, utc_now
from editor.export.checks import Finding, Severity, check_items, has_errors
from editor.export.layout import DEFAULT_STATUSES, content_time, select_items
from editor.export.media import folder_reader

if TYPE_CHECKING:  # imported where used: every command loads this module, few sign
    from editor.bundle.signing import SignatureCheck

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
    p.add_argument(
        "--since",
        metavar="OLD_BUNDLE",
        help="mark in review.html what changed since this earlier bundle (folder or .zip)",
    )
    p.add_argument(
        "--signer",
        metavar="NAME",
        help="sign the manifest as NAME (default: the author in the preferences, else "
        "your login name)",
    )
    p.add_argument(
        "--no-sign", action="store_true", help="do not sign the manifest (no manifest.sig)"
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="the website address the bundle is published at: links in the feeds and the "
        "pages' schema.org data become absolute (default: the preferences' website address)",
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


def _base_url(text: str | None) -> str | None:
    """--base-url checked, else the preferences' website address (None: links stay relative)."""
    from editor.cli import UsageError
    from editor.export.site_address import site_address
    from editor.preferences import load_preferences

    if text is None:
        return load_preferences().site_url or None
    try:
        return site_address(text)
    except ValueError as error:
        raise UsageError(f"--base-url: {error}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from editor.bundle.signing import SIGNATURE_PATH
    from editor.cli import EXIT_DATA, EXIT_OK
    from editor.export.bundle import BundleError, build_bundle
    from editor.export.manifest import MANIFEST_PATH
    from editor.export.review_page import with_review_since
    from editor.export.writer import DestinationError, write_bundle

    generated_at = _as_of(args.as_of)
    base_url = _base_url(args.base_url)
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
        previous = _previous_bundle(Path(args.since)) if args.since else None
        files = build_bundle(
            items,
            workspace_id=workspace_id,
            media=folder_reader(media_dir),
            generated_at=when,
            base_url=base_url,
        )
        if previous is not None:
            files = with_review_since(
                files,
                items,
                previous=previous[0],
                previous_as_of=previous[1],
                media=folder_reader(media_dir),
                workspace_id=workspace_id,
                created_at=when,
            )
        signed = None if args.no_sign else _signed(files[MANIFEST_PATH], args.signer)
        if signed is not None:
            files[SIGNATURE_PATH] = signed[0]
        out = write_bundle(files, Path(args.out), timestamp=when)
    except (BundleError, DestinationError, _Refused) as error:
        print(f"noticeboard: {error}", file=sys.stderr)
        return EXIT_DATA
    size = sum(len(data) for data in files.values())
    print(
        f"Exported {len(items)} item{'s' if len(items) != 1 else ''} "
        f"({len(files)} files, {size / 1024:.0f} KB) to {out}"
    )
    if signed is not None:
        print(f"Signed by {signed[1]} ({signed[2]})")
    return EXIT_OK


class _Refused(ValueError):
    """The export cannot go ahead as asked; the message says why."""


def _signed(manifest: bytes, signer: str | None) -> tuple[bytes, str, str]:
    from editor.bundle.keys import KeyFileError
    from editor.bundle.signing import sign_as_this_editor

    try:
        return sign_as_this_editor(manifest, signer)
    except KeyFileError as error:
        raise _Refused(f"cannot sign the bundle: {error}; --no-sign exports unsigned") from None
    except ValueError as error:
        raise _Refused(f"--signer: {error}") from None


def _previous_bundle(path: Path) -> tuple[list[Item], datetime | None]:
    """The items of the bundle at `path` and its time, once it has been verified intact."""
    from editor.bundle.reader import UnsafeBundleError, open_bundle
    from editor.bundle.verify import verify_source
    from editor.domain.items import ITEM_ADAPTER
    from editor.export.data import ITEMS_PATH
    from editor.export.manifest import MANIFEST_PATH

    if not path.exists():
        raise _Refused(f"--since: {path} does not exist")
    try:
        with open_bundle(path) as source:
            problems = verify_source(source)
            if problems:
                shown = "; ".join(str(p) for p in problems[:3])
                more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
                raise _Refused(
                    f"--since: {path} is not an intact bundle: {shown}{more}; "
                    f"`noticeboard verify {path}` lists every problem"
                )
            data = json.loads(source.read(ITEMS_PATH))
            manifest = json.loads(source.read(MANIFEST_PATH))
    except (UnsafeBundleError, OSError) as error:
        raise _Refused(f"--since: {path} cannot be read ({error})") from None
    # verify_source has checked every item against the schema.
    items = [ITEM_ADAPTER.validate_python(raw) for raw in data["items"]]
    try:
        created = datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError):
        created = None
    return items, created


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
    for problem in problems:
        print(problem)
    if problems:
        print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    else:
        print(f"{path}: intact")
    signature = _signature_of(path)
    if signature is not None:
        print(signature.message, file=sys.stderr if signature.alarming else sys.stdout)
    alarming = signature is not None and signature.alarming
    return EXIT_DATA if problems or alarming else EXIT_OK


def _signature_of(path: Path) -> SignatureCheck | None:
    """Who signed the bundle, checked against (and teaching) the known keys; None if the
    bundle cannot even be opened (verify has said why)."""
    from editor.bundle.keys import KeyFileError, KnownKeys
    from editor.bundle.reader import UnsafeBundleError, open_bundle
    from editor.bundle.signing import SignatureStatus, check_signature

    unreadable = False
    try:
        known = KnownKeys.default()
    except KeyFileError as error:
        print(f"noticeboard: warning: {error}; known signers are not remembered", file=sys.stderr)
        known, unreadable = KnownKeys(), True
    try:
        with open_bundle(path) as source:
            check = check_signature(source, known)
    except (UnsafeBundleError, OSError):
        return None
    if unreadable and check.status is SignatureStatus.FIRST_USE:
        # Not a first use for all we know: a key changed under a known name would pass.
        return replace(
            check,
            message=f"Signed by {check.signer} ({check.fingerprint}), valid; whether that is "
            f"the key {check.signer} used before cannot be told: the known signers cannot "
            "be read.",
        )
    return check
