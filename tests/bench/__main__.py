"""`make bench`: run every benchmark module and print its table."""

from __future__ import annotations

import importlib
import sys

MODULES = [
    "tests.bench.bench_storage",
    "tests.bench.bench_window",
    "tests.bench.bench_editor",
    "tests.bench.bench_export",
    "tests.bench.bench_import",
]


def main() -> int:
    for name in MODULES:
        module = importlib.import_module(name)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
