"""Time render_markdown on long bodies: python -m tests.render.benchmark [runs].

"cold" clears the block cache first (opening an item); "warm" renders unchanged text again;
"one edit" changes one paragraph each run (typing in the editor). Each figure is the median
wall time, with the median CPU time of the thread in brackets: on a busy machine the CPU
time is the steadier of the two.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator

from editor.render import markdown_html
from editor.render.markdown_html import render_markdown
from tests.render.bodies import long_body


def _median_ms(run: Callable[[], object], runs: int) -> str:
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return f"{statistics.median(wall):6.1f} ms ({statistics.median(cpu):5.1f})"


def main(runs: int = 21) -> None:
    for words in (5_000, 40_000):
        text = long_body(words)

        def cold(text: str = text) -> None:
            markdown_html.clear_caches()
            render_markdown(text)

        lines = text.split("\n")
        middle = next(i for i in range(len(lines) // 2, len(lines)) if lines[i][:1].isalpha())
        edits = iter(range(10**9))

        def one_edit(
            lines: list[str] = lines, middle: int = middle, edits: Iterator[int] = edits
        ) -> None:
            lines[middle] += f" edit{next(edits)}"
            render_markdown("\n".join(lines))

        render_markdown(text)
        print(
            f"{words:>6} words, {len(text):>7} chars: "
            f"cold {_median_ms(cold, runs)}   "
            f"warm {_median_ms(lambda text=text: render_markdown(text), runs)}   "
            f"one edit {_median_ms(one_edit, runs)}   (medians of {runs})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
