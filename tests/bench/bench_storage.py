"""Workspace speed with 10,000 items of about 2 KB: open, save one item, text search."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import orjson

from editor.domain.items import with_changes
from editor.domain.query import ItemQuery
from editor.storage.atomic import atomic_write_bytes
from editor.storage.crashsafe import dumps
from editor.storage.workspace import DB_NAME, Workspace
from tests.bench.common import Result, build_workspace, median_ms, print_table

COUNT = 10_000


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ws"
        size = build_workspace(folder, COUNT)
        print(f"workspace file: {size / 1e6:.1f} MB, {COUNT} items")

        open_ms = median_ms(lambda: Workspace.open(folder).close(), repeat=7)

        start = time.perf_counter()
        with Workspace.open(folder, read_only=True) as fresh:
            fresh.items(ItemQuery(text="genève housing"))
        first_search_ms = (time.perf_counter() - start) * 1000

        with Workspace.open(folder) as workspace:
            item = workspace.items()[0]
            counter = iter(range(10**6))

            def save_one() -> None:
                nonlocal item
                item = workspace.save(with_changes(item, summary=f"Summary {next(counter)}"))

            save_ms = median_ms(save_one, repeat=21, warmup=2)
            search_ms = median_ms(
                lambda: workspace.items(ItemQuery(text="zürich reception")), repeat=21
            )

        # The floor: serializing and atomically writing the same data, nothing else.
        tables = orjson.loads((folder / DB_NAME).read_bytes())
        floor_path = Path(tmp) / "floor.json"
        floor_ms = median_ms(lambda: atomic_write_bytes(floor_path, dumps(tables)), repeat=21)
    return [
        Result("open workspace (10,000 items)", open_ms, 300.0),
        Result("save one item", save_ms, 40.0, "floor: orjson dump + atomic write", floor_ms),
        Result("text search, index warm", search_ms, 50.0),
        Result("open + first text search (cold)", first_search_ms, None),
    ]


def main() -> None:
    print_table("Workspace, 10,000 items", run())


if __name__ == "__main__":
    main()
