"""Readable, file-system-safe slugs made from titles in any script."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

MAX_SLUG_LENGTH = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Names Windows refuses as file or folder names, with or without an extension.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)

# German umlauts read better as two letters than with the accent dropped.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str, *, language: str = "") -> str:
    """Turn a title into a lowercase ASCII slug; never empty, never reserved."""
    # NFC first, so an umlaut typed as 'a' + combining diaeresis is still found.
    text = unicodedata.normalize("NFC", title)
    if language.replace("_", "-").split("-")[0].lower() == "de":
        text = text.translate(_GERMAN)
    # Emoji and other pictographs would otherwise spell out their names (':tada:').
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk"))
    ascii_text = anyascii(text).lower()
    # Apostrophes inside words ("l'OIM", Arabic hamza as ') should not split the word.
    ascii_text = re.sub(r"(?<=[a-z0-9])['\u2019](?=[a-z0-9])", "", ascii_text)
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH]
        # Cut at a word boundary when there is one in the second half.
        boundary = cut.rfind("-")
        slug = cut[:boundary] if boundary > MAX_SLUG_LENGTH // 2 else cut.rstrip("-")
    if not slug:
        return "item"
    if slug in WINDOWS_RESERVED:
        return f"{slug}-item"
    return slug


def slug_problem(slug: str) -> str | None:
    """Say what is wrong with a hand-edited slug, or None when it is fine."""
    if not slug:
        return "Slug must not be empty"
    if len(slug) > MAX_SLUG_LENGTH:
        return f"Slug must be at most {MAX_SLUG_LENGTH} characters (it has {len(slug)})"
    if not SLUG_PATTERN.match(slug):
        return (
            "Slug may contain only lowercase letters a-z, digits and single hyphens "
            f"between them (for example {slugify(slug)!r})"
        )
    if slug in WINDOWS_RESERVED:
        return f"Slug {slug!r} is a reserved name on Windows; try {slug + '-item'!r}"
    return None


def unique_slug(base: str, taken: Iterable[str]) -> str:
    """Return `base`, or `base-2`, `base-3`... whichever is not taken."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in used:
            return candidate
        n += 1
