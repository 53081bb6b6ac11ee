"""How a body is cut into blocks, and lists as writers indent them."""

from __future__ import annotations

from editor.render.blocks import BlockKind, split_blocks
from editor.render.markdown_html import render_markdown
from tests.render.html_check import parse


def test_blocks_and_their_lines() -> None:
    source = "Intro\n\n```py\nx = 1\n```\n\n- a\n- b\n"
    found = [(block.kind, block.line) for block in split_blocks(source)]
    assert found == [(BlockKind.MARKDOWN, 0), (BlockKind.FENCE, 2), (BlockKind.MARKDOWN, 6)]


def test_fence_content_and_language() -> None:
    (fence,) = split_blocks("  ~~~~ python extra\n  indented\n    more\n  ~~~~~\n")
    assert fence.kind is BlockKind.FENCE
    assert fence.text == "indented\n  more\n"
    assert fence.info == "python extra"
    html = render_markdown("```python\nprint('<b>')\n```")
    assert '<code class="language-python">' in html
    assert "print('&lt;b&gt;')" in html


def test_a_fence_closes_only_on_its_own_kind_and_length() -> None:
    (fence,) = split_blocks("````\n```\n~~~\n````")
    assert fence.text == "```\n~~~\n"


def test_odd_fence_info_gets_no_class() -> None:
    html = render_markdown('```x" onclick="y\ncode\n```')
    assert "class=" not in html


def test_nested_lists_indented_by_two_or_three_spaces() -> None:
    html = render_markdown(
        "1. Cities send proposals\n2. The secretariat groups them:\n   - local inclusion\n"
        "   - safe pathways\n3. The Steering Group adopts the plan\n"
    )
    parsed = parse(html)
    assert [e.tag for e in parsed.top_level] == ["ol"]
    assert len(parsed.tags("ol")) == 1 and len(parsed.tags("ul")) == 1
    assert len(parsed.tags("li")) == 5


def test_deeper_nesting_and_four_space_indents() -> None:
    parsed = parse(render_markdown("- a\n  - b\n    - c\n- d\n    - e"))
    assert len(parsed.tags("ul")) == 4
    assert len(parsed.tags("li")) == 5


def test_item_continuation_paragraph_and_code() -> None:
    parsed = parse(render_markdown("- a\n\n  more about a\n\n- b\n\n      code in b\n"))
    assert [e.tag for e in parsed.top_level] == ["ul"]
    assert len(parsed.tags("p")) == 3
    assert len(parsed.tags("pre")) == 1


def test_lists_of_the_other_kind_start_a_new_list() -> None:
    parsed = parse(render_markdown("- a\n- b\n1. one\n2. two"))
    assert [e.tag for e in parsed.top_level] == ["ul", "ol"]


def test_ordered_list_keeps_its_start_number() -> None:
    (ordered,) = parse(render_markdown("3. three\n4. four")).tags("ol")
    assert ordered.get("start") == "3"


def test_a_year_at_the_start_of_a_line_is_no_list() -> None:
    parsed = parse(render_markdown("The forum was founded in\n2022. It meets yearly."))
    assert [e.tag for e in parsed.top_level] == ["p"]


def test_table_alignment_survives_as_classes() -> None:
    parsed = parse(render_markdown("| a | b | c |\n| :- | :-: | -: |\n| 1 | 2 | 3 |"))
    assert [cell.get("class") for cell in parsed.tags("td")] == [
        "align-left",
        "align-center",
        "align-right",
    ]
    assert all(
        cell.get("align") is None and cell.get("style") is None for cell in parsed.tags("td")
    )


def test_text_blocks_take_their_own_direction() -> None:
    parsed = parse(render_markdown("مرحبا\n\n- item\n\n> quote"))
    assert parsed.tags("p")[0].get("dir") == "auto"
    assert parsed.tags("li")[0].get("dir") == "auto"
    # Containers keep the page's direction: "auto" on them would look past their children.
    assert parsed.tags("ul")[0].get("dir") is None
    assert parsed.tags("blockquote")[0].get("dir") is None


def test_smart_punctuation() -> None:
    html = render_markdown('"Cities" -- it\'s where... \n\n`"code" stays`')
    assert "\u201cCities\u201d" in html and "\u2013" in html and "it\u2019s" in html
    assert "\u2026" in html
    assert '"code" stays' in html
