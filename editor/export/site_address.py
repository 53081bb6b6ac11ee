"""The website address a bundle will be published at, for the links that must be absolute.

Pages link relatively, so the unzipped folder works from disk. Feeds and schema.org data
are read elsewhere (a feed reader, a search engine), where a relative link means nothing;
given the site's address, their links become absolute.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

MAX_LENGTH = 2_000


def site_address(text: str) -> str:
    """`text` checked as a website address, ending in '/'; ValueError says what is wrong."""
    address = text.strip()
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{text!r} is not a website address; write it as https://example.org/news/"
        )
    if "@" in parts.netloc:
        raise ValueError(f"{text!r} holds a user name or password; give the plain address")
    if parts.query or parts.fragment or len(address) > MAX_LENGTH:
        raise ValueError(f"{text!r} is not a website address; leave out anything after ? or #")
    if any(ord(char) < 33 for char in address):
        raise ValueError(
            f"{text!r} is not a website address: it holds spaces or control characters"
        )
    return address if address.endswith("/") else address + "/"


def absolute(url: str, base: str | None) -> str:
    """`url` (relative to the bundle root) made absolute against `base`, if there is one."""
    return urljoin(base, url) if base else url
