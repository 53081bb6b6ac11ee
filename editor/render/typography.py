"""Typographic punctuation in plain text: curly quotes and apostrophes, dashes, ellipses.

What Python-Markdown's smarty extension does, as one pass of a few regular expressions over
each text node: smarty runs a second inline-pattern pass over the whole body and doubled
the time a body takes to render. Titles and summaries go through the same function, so a
page's header and body agree.
"""

from __future__ import annotations

import re

_OPENING_CONTEXT = r"[\s(\[{\u2013\u2014/]"
_REPLACEMENTS = (
    (re.compile(r"(?<!-)---(?!-)"), "\u2014"),  # em dash
    (re.compile(r"(?<!-)--(?!-)"), "\u2013"),  # en dash
    (re.compile(r"\.\.\."), "\u2026"),
    # Apostrophes: don't, l'Équateur, '90s.
    (re.compile(r"(?<=\w)'(?=\w)"), "\u2019"),
    (re.compile(rf"(?<={_OPENING_CONTEXT})'(?=\d\ds?\b)"), "\u2019"),
    # Quotes open at the start or after a space, bracket or dash; all others close.
    (re.compile(rf"(?<={_OPENING_CONTEXT})'(?=\S)"), "\u2018"),
    (re.compile(rf"(?<={_OPENING_CONTEXT})\"(?=\S)"), "\u201c"),
    (re.compile(r"'"), "\u2019"),
    (re.compile(r'"'), "\u201d"),
)
_NEEDS_WORK = re.compile(r"['\"]|--|\.\.\.")


def smart_punctuation(text: str, *, at_start: bool = True) -> str:
    """`text` with typewriter quotes, '--', '---' and '...' made typographic.

    at_start: whether the text starts a block or an inline element (a quote there opens);
    False for text that follows inline markup, as after `*word*"` (a quote there closes).
    """
    if not _NEEDS_WORK.search(text):
        return text
    # A leading space stands for "start": opening quotes are recognised after whitespace.
    work = (" " if at_start else "x") + text
    for pattern, replacement in _REPLACEMENTS:
        work = pattern.sub(replacement, work)
    return work[1:]
