"""Guards against the renderer getting slower by a lot (the real numbers: benchmark.py)."""

from __future__ import annotations

import time

import pytest

from editor.render import markdown_html
from editor.render.markdown_html import render_markdown
from tests.render.bodies import long_body


def _cold_ms(text: str) -> float:
    markdown_html.clear_caches()
    started = time.perf_counter()
    render_markdown(text)
    return (time.perf_counter() - started) * 1000


def test_long_body_is_at_least_about_as_long_as_asked() -> None:
    assert 5_000 <= len(long_body(5_000).split()) <= 6_000


@pytest.mark.slow
def test_five_thousand_words_render_quickly() -> None:
    text = long_body(5_000)
    # Typically 40-60 ms; the bound leaves room for a busy CI machine, and still catches
    # a renderer that turned quadratic.
    assert min(_cold_ms(text) for _ in range(3)) < 500


@pytest.mark.slow
def test_editing_one_block_of_a_long_body_reuses_the_others() -> None:
    text = long_body(40_000)
    render_markdown(text)
    before = markdown_html._render_markdown_block.cache_info()
    edited = text.replace("## ", "## Edited ", 1)
    render_markdown(edited)
    after = markdown_html._render_markdown_block.cache_info()
    assert after.misses - before.misses == 1
