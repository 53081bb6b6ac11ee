"""`noticeboard --self-test`: prove an installed or frozen build works, without a display.

Packagers run it after installing; the packaging test runs it on the frozen folder and on
the installed .deb. It creates a throw-away workspace with the sample items (so resources
are found), renders one in the real preview (WebEngine, renderer in the helper process:
the frozen multiprocessing start-up), exports a bundle and verifies it. Only the preview
step needs Qt; it lives in editor/ui/selftest_preview.py and is imported when it runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from editor import __version__
from editor.domain.items import Announcement, Event, Kind

Item = Announcement | Event

PREVIEW_TIMEOUT_S = 90.0
UNKNOWN_VERSION = "0.0.0+unknown"


class SelfTestFailure(Exception):
    """One step of the self-test failed; the message is the one-line reason."""


@dataclass(frozen=True)
class PreviewOutcome:
    """What the Qt half reports about the preview it rendered."""

    load_ms: float  # from asking for the render to the page's loadFinished
    helper_pid: int  # the process the page was rendered in (not this one)
    text_length: int  # characters of text in the loaded page


PreviewCheck = Callable[[Item, Path, float], PreviewOutcome]


def prepare_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Offscreen Qt, and what WebEngine needs to start as root or without a GPU.

    Must run before Qt is imported. Chromium refuses to start its sandbox as root, and CI
    and packagers' build machines often run as root.
    """
    env = os.environ if environ is None else environ
    env["QT_QPA_PLATFORM"] = "offscreen"
    if _is_root():
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    flags = env.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    if "--disable-gpu" not in flags:
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, "--disable-gpu"])


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _qt_preview_check() -> PreviewCheck:
    from editor.ui.selftest_preview import check_preview

    return check_preview


def _sample_item(items: list[Item]) -> Item:
    """An event if there is one: its page has the most parts (date line, venue, time zone)."""
    events = [item for item in items if item.kind == Kind.EVENT]
    if not items:
        raise SelfTestFailure("the sample workspace holds no items")
    return (events or items)[0]


def run_self_test(
    out: TextIO,
    *,
    preview_check: PreviewCheck | None = None,
    preview_timeout_s: float = PREVIEW_TIMEOUT_S,
) -> None:
    """Run every step, printing one line per step to `out`; raises SelfTestFailure."""
    from editor.bundle.verify import verify_bundle
    from editor.export.job import export_bundle
    from editor.export.layout import select_items
    from editor.resources import resources_root
    from editor.storage.samples import add_samples
    from editor.storage.workspace import Workspace

    started = time.perf_counter()
    if __version__ == UNKNOWN_VERSION:
        raise SelfTestFailure("the package metadata is missing: the version is unknown")
    root = resources_root()
    if not (root / "templates" / "base.html").is_file():
        raise SelfTestFailure(f"resources are missing: no templates/base.html in {root}")
    print(f"self-test: Noticeboard {__version__}, resources in {root}", file=out)

    with tempfile.TemporaryDirectory(prefix="noticeboard-self-test-") as tmp:
        folder = Path(tmp) / "workspace"
        with Workspace.open(folder) as workspace:
            added = add_samples(workspace)
            items = workspace.items()
            workspace_id = workspace.workspace_id
            media_dir = workspace.media_dir
        print(f"self-test: workspace {folder} created with {added} sample items", file=out)

        item = _sample_item(items)
        check = preview_check or _qt_preview_check()
        outcome = check(item, folder, preview_timeout_s)
        print(
            f"self-test: preview of {item.title!r} loaded in {outcome.load_ms:.0f} ms "
            f"(rendered in helper process {outcome.helper_pid}, "
            f"{outcome.text_length} characters of text)",
            file=out,
        )

        chosen = select_items(items)
        if not chosen:
            raise SelfTestFailure("no sample item is approved or published: nothing to export")
        target = Path(tmp) / "bundle.zip"
        result = export_bundle(chosen, target, workspace_id=workspace_id, media_dir=media_dir)
        print(
            f"self-test: exported {result.items} items, {result.files} files, "
            f"{result.size:,} bytes",
            file=out,
        )
        problems = verify_bundle(result.path)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise SelfTestFailure(f"the exported bundle does not verify: {problems[0]}{more}")
        print("self-test: the bundle verifies against its manifest", file=out)
    print(f"self-test passed in {time.perf_counter() - started:.1f} s", file=out)


def main(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The --self-test command: 0 when every step passed, else 1 and a one-line reason."""
    prepare_environment()
    try:
        run_self_test(out or sys.stdout)
    except SelfTestFailure as failure:
        print(f"noticeboard: self-test failed: {failure}", file=err or sys.stderr)
        return 1
    except Exception as error:  # any other breakage: one line, not a traceback
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        print(f"noticeboard: self-test failed: {reason}", file=err or sys.stderr)
        return 1
    return 0
