"""Importing 1,000 Markdown files (a Hugo content folder), beside Hugo reading the same files.

Peers measured in the same run: Hugo building a site from the same folder (on the PATH;
apt-get install --no-install-recommends hugo), and a floor, PyYAML's C loader reading
the front matter of the same files and nothing else. A missing Hugo is skipped with a
line saying so.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import orjson
import yaml

from editor.domain.items import ITEMS_ADAPTER, Announcement, Event
from editor.importing.apply import apply_plan
from editor.importing.plan import Action
from editor.importing.planning import plan_import
from editor.storage.workspace import Workspace
from tests.bench.common import Result, fake_items, median_ms, print_table, run_ms

COUNT = 1_000
REPEAT = 3
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HUGO_SINGLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></body></html>
"""


def _items() -> list[Announcement | Event]:
    return ITEMS_ADAPTER.validate_python(fake_items(COUNT))


def write_posts(items: list[Announcement | Event], folder: Path) -> None:
    """A Hugo content folder: one Markdown file with YAML front matter per item."""
    folder.mkdir(parents=True)
    for n, item in enumerate(items):
        moment = (item.publish_at or item.created_at).strftime("%Y-%m-%dT%H:%M:%SZ")
        header = (
            f"---\ntitle: {orjson.dumps(item.title).decode()}\n"
            f"date: {moment}\n"
            f"tags: {orjson.dumps(list(item.tags)).decode()}\n"
            f"summary: {orjson.dumps(item.summary).decode()}\n"
            f"draft: {'true' if n % 5 == 0 else 'false'}\n"
            f"weight: {n}\n---\n"
        )
        (folder / f"post-{n}.md").write_text(f"{header}\n{item.body}\n", encoding="utf-8")


def hugo_ms(posts: Path, work: Path) -> float | None:
    binary = shutil.which("hugo")
    if binary is None:
        print("Hugo: skipped (not on the PATH; apt-get install --no-install-recommends hugo)")
        return None
    site = work / "hugo"
    shutil.copytree(posts, site / "content" / "posts")
    (site / "hugo.toml").write_text("baseURL = 'https://example.org/'\ntitle = 'Bench'\n")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE)
    (layouts / "list.html").write_text(HUGO_LIST)
    command = [binary, "--quiet", "--buildDrafts", "--destination", "public"]
    run_ms(command, site)  # warm-up: the disk cache
    samples = sorted(
        run_ms([*command, "--cleanDestinationDir"], site) for _ in range(REPEAT)
    )  # fmt: skip
    return samples[len(samples) // 2]


def yaml_floor(posts: Path) -> None:
    """Read every file and parse its front matter: what any Python importer must do."""
    for path in sorted(posts.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        header = text.split("---\n", 2)[1]
        yaml.load(header, Loader=_LOADER)


def run() -> list[Result]:
    items = _items()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        posts = work / "posts"
        write_posts(items, posts)
        runs = iter(range(1_000))

        def plan_only() -> None:
            plan = plan_import([posts], Workspace.in_memory())
            assert len(plan.of(Action.ADD)) == COUNT, plan.problems[:3]

        def full_import() -> None:
            # A fresh workspace on disk each time: the backup, one transaction, the write.
            with Workspace.open(work / f"ws-{next(runs)}") as workspace:
                plan = plan_import([posts], workspace)
                result = apply_plan(workspace, plan, author="bench")
                assert len(result.saved) == COUNT

        plan_ms = median_ms(plan_only, repeat=REPEAT)
        import_ms = median_ms(full_import, repeat=REPEAT)
        with Workspace.open(work / "again") as workspace:
            apply_plan(workspace, plan_import([posts], workspace), author="bench")

            def again() -> None:
                plan = plan_import([posts], workspace)
                assert not plan.writes

            again_ms = median_ms(again, repeat=REPEAT)
        floor_ms = median_ms(lambda: yaml_floor(posts), repeat=REPEAT)
        hugo = hugo_ms(posts, work)
    results = [
        Result("plan 1,000 Markdown files (read, parse, validate)", plan_ms, None),
        Result(
            "  the same, vs reading their YAML alone (floor)",
            plan_ms,
            None,
            "PyYAML C loader",
            floor_ms,
        ),
        Result("import 1,000 Markdown files (plan, backup, one save)", import_ms, None),
    ]
    if hugo is not None:
        results.append(
            Result(
                "  the same, target: within 3x of Hugo's build", import_ms, 3 * hugo, "Hugo", hugo
            )
        )
    results.append(Result("import the same 1,000 again (nothing to do)", again_ms, None))
    return results


def main() -> None:
    print_table("Import, 1,000 Markdown files", run())


if __name__ == "__main__":
    main()
