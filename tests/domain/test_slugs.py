"""Slugs: readable, file-system-safe, unique."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.domain.slugs import (
    MAX_SLUG_LENGTH,
    WINDOWS_RESERVED,
    slug_problem,
    slugify,
    unique_slug,
)

FAST = settings(max_examples=200, deadline=None)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
valid_slugs = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True).filter(
    lambda s: s not in WINDOWS_RESERVED
)


@pytest.mark.parametrize(
    ("title", "language", "slug"),
    [
        ("Welcome to the Forum!", "", "welcome-to-the-forum"),
        ("Réunion à Genève : l'OIM répond", "fr", "reunion-a-geneve-loim-repond"),
        ("L\u2019accueil des réfugiés", "fr", "laccueil-des-refugies"),
        ("Cœur de la ville", "fr", "coeur-de-la-ville"),
        ("Año nuevo: ¿qué cambia?", "es", "ano-nuevo-que-cambia"),
        ("Grüße aus Köln", "de", "gruesse-aus-koeln"),
        ("ÄÖÜ äöü", "de", "aeoeue-aeoeue"),
        ("Grüße aus Köln", "fr", "grusse-aus-koln"),
        ("Grüße aus Köln", "", "grusse-aus-koln"),
        ("Gru\u0308ße aus Ko\u0308ln", "de", "gruesse-aus-koeln"),  # decomposed umlauts
        ("مرحبا بكم في المدينة", "ar", "mrhb-bkm-fy-lmdynh"),
        ("  --Hello,   World--  ", "", "hello-world"),
        ("2022: 10 cities", "", "2022-10-cities"),
        ("🎉 New centre opens 👩🏽‍💻", "", "new-centre-opens"),
        ("Fee: 5 €", "", "fee-5-eur"),
    ],
)
def test_readable_ascii_from_titles(title: str, language: str, slug: str) -> None:
    assert slugify(title, language=language) == slug


@pytest.mark.parametrize("language", ["de", "DE", "de-AT", "de_CH", "de-Latn-CH"])
def test_german_spellings_for_every_german_tag(language: str) -> None:
    assert slugify("Bürger", language=language) == "buerger"


@pytest.mark.parametrize("language", ["del", "dsb", "en", ""])
def test_no_german_spellings_for_other_languages(language: str) -> None:
    assert slugify("Bürger", language=language) == "burger"


@pytest.mark.parametrize("title", ["", "   ", "!!!", "…", "🙂🙂"])
def test_a_title_with_nothing_to_keep_gives_item(title: str) -> None:
    assert slugify(title) == "item"


@pytest.mark.parametrize("title", ["CON", "prn", "Aux", "NUL", "com0", "COM9", "lpt1", "Lpt9"])
def test_reserved_windows_names_are_avoided(title: str) -> None:
    assert slugify(title) == title.lower() + "-item"
    assert slug_problem(title.lower()) is not None


def test_reserved_names_cover_the_whole_list() -> None:
    expected = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
    assert expected == WINDOWS_RESERVED


def test_paths_never_survive() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("a/b\\c") == "a-b-c"
    assert slugify("v1..2") == "v1-2"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    title = " ".join(["migration"] * 20)
    slug = slugify(title)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug.endswith("migration")
    assert SLUG.match(slug)


def test_one_very_long_word_is_cut_hard() -> None:
    assert slugify("x" * 300) == "x" * MAX_SLUG_LENGTH


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("", "Slug must not be empty"),
        ("x" * 81, "Slug must be at most 80 characters (it has 81)"),
        (
            "Hello World",
            "Slug may contain only lowercase letters a-z, digits and single hyphens "
            "between them (for example 'hello-world')",
        ),
        ("con", "Slug 'con' is a reserved name on Windows; try 'con-item'"),
    ],
)
def test_slug_problem_explains(slug: str, expected: str) -> None:
    assert slug_problem(slug) == expected


@pytest.mark.parametrize(
    "slug", ["a/b", "../a", "a..b", "a.b", "-a", "a-", "a--b", "A", "é", "a b", "a_b"]
)
def test_slug_problem_catches_unsafe_slugs(slug: str) -> None:
    assert slug_problem(slug) is not None


@pytest.mark.parametrize("slug", ["a", "forum-2022", "com10", "con-item", "x" * 80])
def test_slug_problem_accepts_good_slugs(slug: str) -> None:
    assert slug_problem(slug) is None


def test_unique_slug_counts_up() -> None:
    assert unique_slug("forum", []) == "forum"
    assert unique_slug("forum", ["forum"]) == "forum-2"
    assert unique_slug("forum", ["forum", "forum-2", "forum-3"]) == "forum-4"
    assert unique_slug("forum", iter(["forum"])) == "forum-2"


def test_unique_slug_stays_within_the_length_limit() -> None:
    base = "x" * 79 + "y"
    slug = unique_slug(base, [base])
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug_problem(slug) is None


@FAST
@given(st.text(), st.sampled_from(["", "en", "fr", "de", "de-AT", "es", "ar"]))
def test_slugify_always_gives_a_safe_slug(title: str, language: str) -> None:
    slug = slugify(title, language=language)
    assert SLUG.match(slug)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug not in WINDOWS_RESERVED
    assert "/" not in slug
    assert ".." not in slug
    assert slug_problem(slug) is None


@FAST
@given(st.text(), st.sampled_from(["", "de"]))
def test_slugify_is_idempotent(title: str, language: str) -> None:
    slug = slugify(title, language=language)
    assert slugify(slug) == slug
    assert slugify(slug, language=language) == slug


@FAST
@given(valid_slugs)
def test_a_valid_slug_is_its_own_slug(slug: str) -> None:
    assert slugify(slug) == slug


@FAST
@given(valid_slugs | st.just("x" * 80), st.sets(valid_slugs, max_size=20), st.integers(0, 30))
def test_unique_slug_never_returns_a_taken_one(base: str, taken: set[str], extra: int) -> None:
    # Also take a run of numbered variants, so the counter must climb past them.
    taken |= {base} | {f"{base}-{n}" for n in range(2, 2 + extra)}
    slug = unique_slug(base, taken)
    assert slug not in taken
    assert slug_problem(slug) is None
