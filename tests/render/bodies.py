"""Realistic long bodies for timing the renderer: headings, lists, tables, quotes, code."""

from __future__ import annotations

import random

_WORDS = (
    "city cities migration newcomers housing council services language inclusion forum local "
    "regional network report support access recognition skills volunteers programme mayors "
    "reception officials practice data funding displacement partners community welcome"
).split()


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def long_body(word_count: int, seed: int = 1) -> str:
    """A Markdown body of about `word_count` words, the same for the same seed."""
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    block = 0
    while count < word_count:
        block += 1
        kind = block % 9
        if kind == 0:
            parts.append(f"## {_words(rng, 5).capitalize()}")
            count += 5
        elif kind == 3:
            items = [f"- {_words(rng, 12)} **{_words(rng, 2)}**" for _ in range(4)]
            parts.append("\n".join(items))
            count += 56
        elif kind == 5:
            rows = [f"| {_words(rng, 3)} | {_words(rng, 4)} |" for _ in range(4)]
            parts.append("| Day | Focus |\n| --- | --- |\n" + "\n".join(rows))
            count += 28
        elif kind == 6:
            parts.append(f'> "{_words(rng, 30)}," said the {_words(rng, 2)}.')
            count += 34
        elif kind == 8 and block % 4 == 0:
            parts.append("```\n" + "\n".join(_words(rng, 6) for _ in range(5)) + "\n```")
            count += 30
        else:
            parts.append(
                f"{_words(rng, 60).capitalize()} [{_words(rng, 2)}](https://example.org/{block}) "
                f"*{_words(rng, 3)}* `{rng.choice(_WORDS)}` {_words(rng, 20)}."
            )
            count += 86
    return "\n\n".join(parts) + "\n"
