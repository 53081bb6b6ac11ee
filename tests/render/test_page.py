"""Item pages: the document around the article, event details, language and direction."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

import pytest

from editor.domain.items import ITEMS_ADAPTER, Announcement, Event, with_changes
from editor.render.page import (
    CONTENT_SECURITY_POLICY,
    MEDIA_FOLDER,
    PageOptions,
    page_css,
    render_item_article,
    render_item_page,
    text_direction,
)
from editor.resources import resource_path
from tests.render.html_check import executable_parts, parse


@cache
def _samples() -> dict[str, Announcement | Event]:
    items = ITEMS_ADAPTER.validate_json(resource_path("samples", "items.json").read_bytes())
    by_title = {item.title: item for item in items}
    return {
        "co-chairs": by_title[
            "Ecuador and Portugal to co-chair the Cities and Migration Forum from July 2022"
        ],
        "briefing": by_title["Online briefing: what the new review process means for cities"],
        "bergamo": by_title[
            "Peer-learning exchange: first reception of newcomers in mid-sized cities"
        ],
        "arabic": next(item for item in items if item.language == "ar"),
        "french": next(item for item in items if item.language == "fr"),
        "mayors": by_title["Annual Mayors' Forum 2027"],
    }


def sample(name: str) -> Announcement | Event:
    return _samples()[name]


def event(name: str) -> Event:
    item = sample(name)
    assert isinstance(item, Event)
    return item


def html_element(page: str) -> dict[str, str | None]:
    return dict(parse(page).tags("html")[0].attrs)


def check_html5(page: str) -> None:
    parsed = parse(page)
    assert parsed.doctype == "DOCTYPE html"
    assert page.startswith("<!DOCTYPE html>\n")
    assert parsed.errors == []
    for tag in ("html", "head", "body", "main", "article", "h1", "title"):
        assert len(parsed.tags(tag)) == 1, tag
    charset = parsed.tags("meta")[0]
    assert charset.get("charset") == "utf-8"  # first thing in <head>
    ids = [e.get("id") for e in parsed.elements if e.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", ["co-chairs", "briefing", "bergamo", "arabic", "french", "mayors"])
def test_sample_pages_are_well_formed_html5_with_nothing_executable(name: str) -> None:
    page = render_item_page(sample(name))
    check_html5(page)
    assert "<script" not in page
    assert executable_parts(render_item_article(sample(name))) == []


def test_content_security_policy_allows_no_script() -> None:
    page = render_item_page(sample("briefing"))
    (csp,) = [
        m for m in parse(page).tags("meta") if m.get("http-equiv") == "Content-Security-Policy"
    ]
    policy = csp.get("content") or ""
    assert policy == CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert "script-src" not in directives  # so default-src 'none' rules scripts out
    assert "<script" not in page


def test_viewport_and_color_scheme() -> None:
    metas = {
        m.get("name"): m.get("content")
        for m in parse(render_item_page(sample("bergamo"))).tags("meta")
    }
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert metas["color-scheme"] == "light dark"


def test_event_page_shows_the_date_line_in_the_event_zone() -> None:
    page = render_item_page(sample("briefing"))
    assert "Wednesday 13 April 2022, 15:00-16:00 CEST" in page
    assert 'datetime="2022-04-13T15:00+02:00"' in page
    assert "Time zone: Europe/Brussels" in page
    assert 'href="https://meet.example.org/briefing-13-april"' in page
    assert 'href="https://forms.example.org/briefing-13-april"' in page
    assert "Tuesday 12 April 2022, 12:00 CEST" in page  # the registration deadline
    assert "Forum secretariat, Regional Network of Local Authorities" in re.sub(
        r"</?bdi>", "", page
    )


def test_in_person_event_shows_its_venue() -> None:
    page = render_item_article(sample("bergamo"))
    for part in ("17-19 May 2022", "Palazzo della Ragione", "Piazza Vecchia", "Bergamo, Italy"):
        assert part in page
    assert 'datetime="2022-05-17"' in page
    assert "event-status" not in page  # scheduled: no banner


def test_cancelled_event_has_a_banner_and_a_struck_date() -> None:
    page = render_item_page(with_changes(event("bergamo"), event_status="cancelled"))
    assert '<p class="event-status"><strong>Cancelled</strong>' in page
    assert re.search(r"<s><time[^>]*>17-19 May 2022</time></s>", page)
    assert "forms.example.org" not in page  # no registering for a cancelled event


def test_postponed_event_has_a_banner() -> None:
    page = render_item_page(with_changes(event("mayors"), event_status="postponed"))
    assert "<strong>Postponed</strong>" in page and "event-postponed" in page
    assert "<s><time" in page


def test_event_moved_online_shows_the_link_not_the_venue() -> None:
    moved = with_changes(
        event("bergamo"), event_status="moved_online", online_url="https://meet.example.org/x"
    )
    page = render_item_page(moved)
    assert "<strong>Moved online</strong>" in page
    assert 'href="https://meet.example.org/x"' in page
    assert "Palazzo della Ragione" not in page
    assert "<s><time" not in page  # the date still holds


def test_announcement_shows_its_publication_date_and_tags() -> None:
    page = render_item_article(sample("co-chairs"))
    assert re.search(
        r'Published <time datetime="2022-05-30T09:00\+02:00"[^>]*>30 May 2022</time>', page
    )
    assert '<li dir="auto">forum</li>' in page and '<li dir="auto">governance</li>' in page
    assert "event-info" not in page


def test_announcement_without_date_has_no_date_line() -> None:
    page = render_item_page(with_changes(sample("co-chairs"), publish_at=None, expires_at=None))
    assert "Published" not in page and "<time" not in page


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("en", "ltr"),
        ("fr", "ltr"),
        ("es-419", "ltr"),
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("he", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ar-Latn", "ltr"),
        ("az-Arab", "rtl"),
    ],
)
def test_text_direction(language: str, direction: str) -> None:
    assert text_direction(language) == direction


def test_arabic_page_is_right_to_left() -> None:
    page = render_item_page(sample("arabic"))
    assert html_element(page) == {"lang": "ar", "dir": "rtl"}
    (article,) = parse(page).tags("article")
    assert article.get("lang") == "ar" and article.get("dir") == "rtl"
    assert "خبر" in page  # the kind label in Arabic


def test_english_page_is_left_to_right_and_user_text_has_auto_direction() -> None:
    page = render_item_page(sample("co-chairs"))
    assert html_element(page) == {"lang": "en", "dir": "ltr"}
    parsed = parse(page)
    assert parsed.tags("h1")[0].get("dir") == "auto"
    (summary,) = [p for p in parsed.tags("p") if p.get("class") == "summary"]
    assert summary.get("dir") == "auto"


def test_french_page_uses_french_labels() -> None:
    page = render_item_page(with_changes(event("bergamo"), language="fr"))
    assert "Lieu" in page and "S\u2019inscrire" in page and "Fuseau horaire" in page


def test_dates_are_written_in_the_pages_language() -> None:
    french = render_item_page(with_changes(sample("briefing"), language="fr"))
    assert "mercredi 13 avril 2022, 15:00-16:00 CEST" in french
    assert "mardi 12 avril 2022, 12:00 CEST" in french  # the registration deadline
    days = render_item_article(with_changes(event("bergamo"), language="es"))
    assert "17\u201319 de mayo de 2022" in days  # CLDR's en dash
    arabic = render_item_page(
        with_changes(sample("arabic"), publish_at=datetime(2022, 3, 2, 9, 0, tzinfo=UTC))
    )
    (published,) = parse(arabic).tags("time")
    assert published.get("dir") == "rtl"
    assert re.search(r'dir="rtl">\d+ [\u0600-\u06ff]+ \d{4}</time>', arabic)


def test_title_and_venue_are_escaped() -> None:
    hostile = with_changes(
        event("bergamo"),
        title='<script>alert(1)</script> "quoted"',
        summary="<img src=x onerror=alert(1)>",
        venue={"name": "<b onmouseover=alert(1)>Hall</b>", "city": "Bergamo"},
        tags=["<i>tag</i>"],
    )
    page = render_item_page(hostile, PageOptions(css_href="page.css"))
    assert executable_parts(render_item_article(hostile)) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert parse(page).tags("b") == [] and parse(page).tags("i") == []


def test_body_is_rendered_into_the_article() -> None:
    article = render_item_article(sample("briefing"))
    assert article.startswith("<article ") and article.rstrip().endswith("</article>")
    assert '<h2 data-source-line="2" dir="auto">Agenda</h2>' in article
    assert article in render_item_page(sample("briefing"))


def test_stylesheet_inlined_by_default_and_linked_on_request() -> None:
    inline = render_item_page(sample("bergamo"))
    assert f"<style>\n{page_css()}</style>" in inline
    assert "<link" not in inline
    linked = render_item_page(sample("bergamo"), PageOptions(css_href="../css/page.css"))
    assert '<link rel="stylesheet" href="../css/page.css">' in linked
    assert "<style>" not in linked


def test_base_href_and_preview_marker() -> None:
    page = render_item_page(sample("bergamo"), PageOptions(base_href="../../", for_preview=True))
    assert '<base href="../../">' in page
    assert html_element(page)["class"] == "preview"
    assert "<base" not in render_item_page(sample("bergamo"))
    assert "class=" not in render_item_page(sample("bergamo")).split("<head>")[0]


def test_lead_image_comes_from_the_media_folder() -> None:
    from editor.storage.workspace import MEDIA_DIR

    assert MEDIA_FOLDER == MEDIA_DIR
    page = render_item_page(
        with_changes(sample("co-chairs"), image="photos/forum.jpg", image_alt="The plenary hall")
    )
    (image,) = [i for i in parse(page).tags("img") if i.get("src") == "media/photos/forum.jpg"]
    assert image.get("alt") == "The plenary hall"


def test_page_css_has_light_and_dark_schemes() -> None:
    css = page_css()
    assert "@media (prefers-color-scheme: dark)" in css
    assert "42rem" in css
    assert "</style" not in css.lower()


def test_apostrophes_in_title_match_the_body() -> None:
    page = render_item_page(sample("mayors"))
    assert '<h1 dir="auto">Annual Mayors\u2019 Forum 2027</h1>' in page
    assert "<title>Annual Mayors\u2019 Forum 2027</title>" in page


def test_every_language_has_every_label() -> None:
    from editor.render.labels import _LABELS, LABEL_KEYS, labels_for

    for language, labels in _LABELS.items():
        assert set(labels) == set(LABEL_KEYS), language
    assert labels_for("pt-BR") == labels_for("en")
    assert labels_for("fr-CA")["where"] == "Lieu"
