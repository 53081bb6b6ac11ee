"""The site's address: absolute links in feeds and schema.org data, relative ones in pages."""

from __future__ import annotations

import json
import re

import feedparser
import pytest

from editor.export.bundle import build_bundle
from editor.export.site_address import site_address
from tests.export.fixtures import AS_OF, golden_items, read_media

BASE = "https://example.org/news/"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("https://example.org/news", "https://example.org/news/"),
        (" http://example.org/ ", "http://example.org/"),
    ],
)
def test_an_address_ends_in_a_slash(text: str, address: str) -> None:
    assert site_address(text) == address


@pytest.mark.parametrize(
    "text",
    [
        "example.org",
        "ftp://example.org/",
        "javascript:alert(1)",
        "https://",
        "https://a/?x=1",
        "https://a b/",
    ],
)
def test_what_is_not_a_website_address_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="website address"):
        site_address(text)


def test_an_address_with_a_password_is_refused() -> None:
    # It would be published in every feed.
    with pytest.raises(ValueError, match="password"):
        site_address("https://editor:secret@example.org/news/")


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_bundle(
        golden_items(), workspace_id="w", media=read_media, generated_at=AS_OF, base_url=BASE
    )


def test_feeds_link_absolutely(files: dict[str, bytes]) -> None:
    atom = feedparser.parse(files["feed.atom"])
    assert atom.feed.links[0].href == BASE + "feed.atom"
    assert all(entry.link.startswith(BASE) for entry in atom.entries)
    pictures = re.findall(r'src="([^"]+)"', " ".join(e.content[0].value for e in atom.entries))
    assert pictures and all(src.startswith(BASE + "media/") for src in pictures)
    feed = json.loads(files["feed.json"])
    assert (feed["home_page_url"], feed["feed_url"]) == (BASE + "index.html", BASE + "feed.json")
    assert all(item["url"].startswith(BASE) for item in feed["items"])
    links = re.findall(r'href="([^"]+)"', " ".join(i["content_html"] for i in feed["items"]))
    assert links and all(link.startswith(("https://", "http://", "mailto:")) for link in links)


def test_pages_keep_relative_links_and_give_their_address_to_search_engines(
    files: dict[str, bytes],
) -> None:
    page = next(
        v.decode() for k, v in files.items() if k.startswith("events/") and k.endswith(".html")
    )
    assert 'href="index.html"' in page  # still works from disk
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )  # type: ignore[index]
    assert data["url"].startswith(BASE + "events/")


def test_without_an_address_nothing_changes() -> None:
    plain = build_bundle(golden_items(), workspace_id="w", media=read_media, generated_at=AS_OF)
    assert b"https://example.org/news/" not in plain["feed.atom"]
    assert json.loads(plain["feed.json"])["feed_url"] == "feed.json"
