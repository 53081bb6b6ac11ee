"""Exporting 1,000 items to a zip, beside Pelican and Hugo building the same 1,000 posts.

Pelican is looked for at $NOTICEBOARD_PELICAN, then /tmp/pelican/bin/pelican (install it
apart from the project: python3.11 -m venv /tmp/pelican && /tmp/pelican/bin/pip install
pelican markdown); Hugo on the PATH (apt-get install --no-install-recommends hugo). A peer
that is missing is skipped with a line saying so.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import orjson

from editor.domain.items import ITEMS_ADAPTER, Announcement, Event
from editor.export.bundle import build_bundle
from editor.export.layout import content_time
from editor.export.writer import write_bundle
from editor.render import markdown_html
from editor.storage.atomic import atomic_write_bytes
from editor.storage.crashsafe import dumps
from editor.storage.workspace import DB_NAME, Workspace
from tests.bench.common import Result, fake_items, median_ms, print_table, run_ms

COUNT = 1_000
REPEAT = 3
PELICAN_DEFAULT = Path("/tmp/pelican/bin/pelican")
HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
</head><body><main><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>
<p>{{ .Summary }}</p>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ul></main></body></html>
"""


def _items() -> list[Announcement | Event]:
    raw = fake_items(COUNT)
    for item in raw:
        item["status"] = "published"
    return ITEMS_ADAPTER.validate_python(raw)


def _cold() -> None:
    # The renderer caches blocks by text; a fresh export run starts without them.
    markdown_html.clear_caches()


def _posts(items: list[Announcement | Event], folder: Path, *, pelican: bool) -> None:
    folder.mkdir(parents=True)
    for n, item in enumerate(items):
        date = (item.publish_at or item.created_at).strftime("%Y-%m-%d %H:%M")
        tags = ", ".join(item.tags)
        if pelican:
            header = f"Title: {item.title}\nDate: {date}\nTags: {tags}\nSummary: {item.summary}\n"
        else:
            header = (
                f"---\ntitle: {orjson.dumps(item.title).decode()}\n"
                f"date: {date.replace(' ', 'T')}:00Z\n"
                f"tags: {orjson.dumps(list(item.tags)).decode()}\n"
                f"summary: {orjson.dumps(item.summary).decode()}\n---\n"
            )
        (folder / f"post-{n}.md").write_text(f"{header}\n{item.body}\n", encoding="utf-8")


def _median_of(func: object, repeat: int) -> float:
    samples = sorted(func() for _ in range(repeat))  # type: ignore[operator]
    return samples[len(samples) // 2]


def pelican_ms(items: list[Announcement | Event], work: Path) -> float | None:
    binary = Path(os.environ.get("NOTICEBOARD_PELICAN", PELICAN_DEFAULT))
    if not binary.is_file():
        print(f"Pelican: skipped (not found at {binary}; set NOTICEBOARD_PELICAN)")
        return None
    site = work / "pelican"
    _posts(items, site / "content", pelican=True)
    (site / "pelicanconf.py").write_text(
        "AUTHOR = 'Bench'\nSITENAME = 'Bench'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\nDEFAULT_PAGINATION = False\n"
    )
    command = [str(binary), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    run_ms(command, site)  # warm-up: the disk cache, Python's bytecode
    return _median_of(lambda: run_ms([*command, "--delete-output-directory"], site), REPEAT)


def hugo_ms(items: list[Announcement | Event], work: Path) -> float | None:
    binary = shutil.which("hugo")
    if binary is None:
        print("Hugo: skipped (not on the PATH; apt-get install --no-install-recommends hugo)")
        return None
    site = work / "hugo"
    _posts(items, site / "content" / "posts", pelican=False)
    (site / "hugo.toml").write_text("baseURL = 'https://example.org/'\ntitle = 'Bench'\n")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_LAYOUT)
    (layouts / "list.html").write_text(HUGO_LIST)
    command = [binary, "--quiet", "--destination", "public", "--cleanDestinationDir"]
    run_ms(command, site)
    return _median_of(lambda: run_ms(command, site), REPEAT)


def cli_ms(items: list[Announcement | Event], work: Path) -> float:
    """`noticeboard export` as a user runs it: start-up, workspace, checks, build, zip."""
    folder = work / "ws"
    Workspace.open(folder).close()
    db = folder / DB_NAME
    tables = orjson.loads(db.read_bytes())
    tables["items"] = {str(i.id): i.model_dump(mode="json") for i in items}
    atomic_write_bytes(db, dumps(tables))
    command = [sys.executable, "-m", "editor", "--workspace", str(folder), "export"]
    return _median_of(lambda: run_ms([*command, str(work / "cli.zip")], work), REPEAT)


def run() -> list[Result]:
    items = _items()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)

        def export() -> None:
            _cold()
            files = build_bundle(items, workspace_id="bench")
            write_bundle(files, work / "bundle.zip", timestamp=content_time(items))

        ours = median_ms(export, repeat=REPEAT)
        size = (work / "bundle.zip").stat().st_size
        print(f"bundle: {size / 1e6:.1f} MB zip, {COUNT} items")
        cli = cli_ms(items, work)
        pelican = pelican_ms(items, work)
        hugo = hugo_ms(items, work)
    results = [Result("export 1,000 items to a zip (in process, cold cache)", ours, None)]
    if pelican is not None:
        results.append(
            Result("  the same, target: faster than Pelican", ours, pelican, "Pelican", pelican)
        )
    if hugo is not None:
        results.append(
            Result("  the same, target: within 2x of Hugo", ours, 2 * hugo, "Hugo", hugo)
        )
    results.append(Result("noticeboard export (command line, end to end)", cli, None))
    if pelican is not None:
        results.append(
            Result("  command line vs Pelican (both processes)", cli, pelican, "Pelican", pelican)
        )
    if hugo is not None:
        results.append(
            Result("  command line vs 2x Hugo (both processes)", cli, 2 * hugo, "Hugo", hugo)
        )
    return results


def main() -> None:
    print_table("Export, 1,000 items", run())


if __name__ == "__main__":
    main()
