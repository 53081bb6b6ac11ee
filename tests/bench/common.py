"""Shared helpers for `make bench`: timing, realistic fake items, and the results table."""

from __future__ import annotations

import random
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

WORDS = (
    "city cities migration migrants displacement inclusion forum mayors region council "
    "newcomers housing services language reception briefing report network peer learning "
    "local government partners community diaspora integration rights access health school "
    "employment skills recognition dialogue policy review compact follow-up launch toolkit "
    "Genève Zürich São Paulo Bogotá Kraków Malmö"
).split()


@dataclass(frozen=True)
class Result:
    """One measured figure, with its target and (optionally) a peer measured in the same run."""

    name: str
    median_ms: float
    target_ms: float | None = None
    peer_name: str = ""
    peer_ms: float | None = None

    @property
    def verdict(self) -> str:
        if self.target_ms is None:
            return ""
        return "ok" if self.median_ms <= self.target_ms else "OVER"


def run_ms(command: list[str], cwd: Path) -> float:
    """Wall time of one run of an outside program (a peer such as Hugo or Pelican)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=600)
    return (time.perf_counter() - start) * 1000


def median_ms(func: Callable[[], Any], *, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def fake_text(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n_words)]
    paragraphs = [" ".join(words[i : i + 60]).capitalize() + "." for i in range(0, n_words, 60)]
    return "\n\n".join(paragraphs)


def fake_items(count: int, *, seed: int = 1, body_words: int = 200) -> list[dict[str, Any]]:
    """`count` valid item dicts of about 2 KB each, half announcements, half events."""
    rng = random.Random(seed)
    base = datetime(2022, 1, 3, 9, 0)
    out: list[dict[str, Any]] = []
    for n in range(count):
        created = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
        item: dict[str, Any] = {
            "id": str(UUID(int=rng.getrandbits(128), version=4)),
            "title": f"{fake_text(rng, 6).rstrip('.')} {n}",
            "slug": f"item-{n}",
            "summary": fake_text(rng, 30),
            "body": fake_text(rng, body_words),
            "tags": rng.sample(["forum", "briefing", "report", "inclusion", "housing"], 2),
            "language": rng.choice(["en", "fr", "es", "ar"]),
            "status": rng.choice(["draft", "in_review", "approved", "published"]),
            "authors": ["Benchmark"],
            "created_at": created.isoformat(),
            "updated_at": created.isoformat(),
            "revision": 1,
        }
        if n % 2:
            start = base + timedelta(days=n % 700, hours=n % 8)
            item |= {
                "kind": "event",
                "timezone": rng.choice(["Europe/Brussels", "America/Bogota", "Africa/Nairobi"]),
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
                "attendance": "online",
                "online_url": f"https://meet.example.org/{n}",
            }
        else:
            item["kind"] = "announcement"
        out.append(item)
    return out


def build_workspace(folder: Path, count: int) -> int:
    """Write a `count`-item workspace directly (saving item by item would time the set-up).

    Returns the size of the workspace file in bytes.
    """
    from editor.storage.atomic import atomic_write_bytes
    from editor.storage.crashsafe import dumps
    from editor.storage.workspace import DB_NAME, Workspace

    Workspace.open(folder).close()
    db = folder / DB_NAME
    tables = orjson.loads(db.read_bytes())
    tables["items"] = {item["id"]: item for item in fake_items(count)}
    raw = dumps(tables)
    atomic_write_bytes(db, raw)
    return len(raw)


def print_table(title: str, results: list[Result]) -> None:
    print(f"\n{title}")
    header = f"{'measure':<52} {'median':>10} {'target':>10} {'':>4}  peer"
    print(header)
    print("-" * len(header))
    for r in results:
        target = f"{r.target_ms:.1f} ms" if r.target_ms is not None else ""
        peer = ""
        if r.peer_ms is not None:
            ratio = r.median_ms / r.peer_ms if r.peer_ms else float("inf")
            peer = f"{r.peer_name}: {r.peer_ms:.1f} ms (ratio {ratio:.2f}x)"
        print(f"{r.name:<52} {r.median_ms:>7.1f} ms {target:>10} {r.verdict:>4}  {peer}")
