"""Every top-level block of a body says on which source line it starts (scroll sync)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.render.markdown_html import render_markdown
from tests.render.html_check import parse

DOCUMENT = """\
# Welcome to the forum

The first paragraph
runs over two lines.

- one
- two

- three, loose

    still item three

```python
# not a heading
print("x")

print("y")
```

| Day | Focus |
| --- | :---: |
| Tuesday | Housing |

> A quote
lazily continued

> and a second paragraph

***

Setext heading
--------------

    indented code

    more of it

1. first
2. second
Closing paragraph."""


def blocks(markdown: str) -> list[tuple[str, int]]:
    return [
        (element.tag, int(element.get("data-source-line") or -1))
        for element in parse(render_markdown(markdown)).top_level
    ]


def test_each_kind_of_block_has_its_start_line() -> None:
    assert blocks(DOCUMENT) == [
        ("h2", 0),  # "# ..." becomes h2: the page title is the only h1
        ("p", 2),
        ("ul", 5),
        ("pre", 12),
        ("table", 19),
        ("blockquote", 23),
        ("hr", 28),
        ("h2", 30),
        ("pre", 33),
        ("ol", 37),  # "Closing paragraph." right below is a lazy line of item 2
    ]


def test_lines_point_at_the_block_in_the_source() -> None:
    lines = DOCUMENT.split("\n")
    starts = {
        "h2": ("#", "Setext"),
        "p": ("The first",),
        "ul": ("- one",),
        "pre": ("```python", "    indented"),
        "table": ("| Day",),
        "blockquote": ("> A quote",),
        "hr": ("***",),
        "ol": ("1. first",),
    }
    for tag, line in blocks(DOCUMENT):
        assert lines[line].startswith(starts[tag]), (tag, line, lines[line])


def test_windows_and_old_mac_line_endings_count_the_same() -> None:
    assert blocks(DOCUMENT.replace("\n", "\r\n")) == blocks(DOCUMENT)
    assert blocks(DOCUMENT.replace("\n", "\r")) == blocks(DOCUMENT)


def test_leading_blank_lines_shift_every_block() -> None:
    shifted = blocks("\n\n\n" + DOCUMENT)
    assert [line for _, line in shifted] == [line + 3 for _, line in blocks(DOCUMENT)]


def test_a_list_may_follow_a_paragraph_line_directly() -> None:
    assert blocks("We call on states to:\n- fund cities\n- include them") == [("p", 0), ("ul", 1)]


def test_a_heading_interrupts_a_paragraph() -> None:
    assert blocks("Text\n## Heading\nMore text") == [("p", 0), ("h2", 1), ("p", 2)]


def test_a_hashtag_at_the_start_of_a_line_is_no_heading() -> None:
    assert blocks("#migration and #cities\nmatter") == [("p", 0)]
    assert "#migration" in render_markdown("#migration")


def test_an_unclosed_fence_runs_to_the_end() -> None:
    html = render_markdown("Intro\n\n```\ncode being typed\n# still code\n")
    assert blocks("Intro\n\n```\ncode being typed\n# still code\n") == [("p", 0), ("pre", 2)]
    assert "# still code" in html


def test_separate_blocks_do_not_merge_a_fence_into_a_list() -> None:
    assert blocks("- item\n```\ncode\n```\n- next") == [("ul", 0), ("pre", 1), ("ul", 4)]


def test_references_are_found_across_blocks() -> None:
    html = render_markdown(
        "See [the toolkit][kit].\n\n- and [again][KIT]\n\n[kit]: https://example.org/kit"
    )
    assert html.count('href="https://example.org/kit"') == 2


def test_empty_body_renders_nothing() -> None:
    assert render_markdown("") == ""
    assert render_markdown("\n\n   \n") == ""


_PIECES = st.sampled_from(
    [
        ("p", "A paragraph of text."),
        ("p", "Two lines\nof one paragraph."),
        ("h2", "## A section"),
        ("h3", "### A subsection"),
        ("ul", "- a\n- b"),
        ("ol", "1. a\n2. b"),
        ("pre", "```\ncode\n\nmore code\n```"),
        ("pre", "~~~js\nlet x = 1;\n~~~"),
        ("table", "| a | b |\n| - | - |\n| 1 | 2 |"),
        ("blockquote", "> quoted\n> text"),
        ("hr", "---"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.integers(1, 3)), min_size=1, max_size=12))
def test_any_sequence_of_blocks_is_tagged_in_order(
    pieces: list[tuple[tuple[str, str], int]],
) -> None:
    source_parts: list[str] = []
    expected: list[tuple[str, int]] = []
    line = 0
    previous = None
    for (tag, text), blank_lines in pieces:
        # Two lists of one kind, or two quotes, with blank lines between are one block.
        if tag == previous and tag in ("ul", "ol", "blockquote"):
            expected.append(("p", line))
            expected.append((tag, line + 2))
            text = "Between.\n\n" + text
        else:
            expected.append((tag, line))
        source_parts.append(text)
        line += text.count("\n") + 1 + blank_lines
        source_parts.append("\n" * blank_lines)
        previous = tag
    source = "".join(part if part.startswith("\n") else part + "\n" for part in source_parts)
    assert blocks(source) == expected
