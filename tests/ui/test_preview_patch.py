"""Patching the preview body: cutting an article into blocks and finding the changed run."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from editor.domain.items import Announcement
from editor.ui.preview_patch import changed_run, patch_script
from editor.ui.preview_render import body_blocks, render_page, split_page

BODY = """# Heading

First paragraph with **bold** and a [link](https://example.org).

- one
- two

```python
print("<p data-source-line=\\"9\\">")
```

| a | b |
|---|---|
| 1 | 2 |

> A quote.
"""


def article_of(body: str, title: str = "Forum update") -> str:
    article, _skeleton, _title = split_page(render_page(Announcement(title=title, body=body)))
    assert article is not None
    return article


def test_an_article_is_cut_at_each_top_level_block() -> None:
    article = article_of(BODY)
    blocks = body_blocks(article)
    assert blocks is not None
    assert blocks.lines == (0, 2, 4, 7, 11, 15)
    assert [re.match(r"<(\w+)", b)[1] for b in blocks.blocks] == [  # type: ignore[index]
        "h2",  # body headings sit below the page's h1 title
        "p",
        "ul",
        "pre",
        "table",
        "blockquote",
    ]
    assert not any("data-source-line=" in b.split(">", 1)[0] for b in blocks.blocks)
    # The code block's text that looks like an attribute stays as written (escaped).
    assert "&lt;p data-source-line=" in blocks.blocks[3]
    assert "First paragraph" not in blocks.frame and "<h1" in blocks.frame


def test_an_article_without_a_body_has_no_blocks() -> None:
    assert body_blocks(article_of("")) is None


def test_a_patch_carries_only_the_changed_block() -> None:
    before = body_blocks(article_of(BODY))
    after = body_blocks(article_of(BODY.replace("A quote.", "A longer quote.")))
    assert before is not None and after is not None
    script = patch_script(before, after)
    assert script is not None
    assert "A longer quote." in script and "First paragraph" not in script
    assert script.rstrip(")").endswith("null, 6")  # same source lines; six blocks expected


def test_a_patch_sends_new_source_lines_when_lines_move() -> None:
    before = body_blocks(article_of(BODY))
    after = body_blocks(article_of("New first line.\n\n" + BODY))
    assert before is not None and after is not None
    script = patch_script(before, after)
    assert script is not None and "[0, 2, 4, 6, 9, 13, 17]" in script


def test_a_title_change_is_not_a_body_patch() -> None:
    before = body_blocks(article_of(BODY))
    after = body_blocks(article_of(BODY, title="Another title"))
    assert before is not None and after is not None
    assert patch_script(before, after) is None


blocks = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8).map(tuple)


@given(blocks, blocks)
def test_changed_run_turns_old_into_new(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    start, removed, inserted = changed_run(old, new)
    assert start >= 0 and removed >= 0 and inserted >= 0
    assert old[:start] + new[start : start + inserted] + old[start + removed :] == new
