"""The common version an item records: from a Markdown hash or a bundle's revision."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from editor.domain.items import Announcement, content_hash, with_changes
from editor.domain.sync import SyncBase


def test_a_bare_hash_is_a_sync_base() -> None:
    item = Announcement(title="T", sync_base="a" * 64)
    assert item.sync_base == SyncBase(sha256="a" * 64)


@pytest.mark.parametrize(
    "bad", ["x" * 64, "A" * 64, "a" * 63, {"sha256": "a" * 64, "revision": -1}]
)
def test_a_malformed_sync_base_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        Announcement(title="T", sync_base=bad)


def test_the_content_hash_ignores_bookkeeping_and_offsets() -> None:
    item = Announcement(title="T", publish_at="2022-04-13T15:00:00+02:00")
    same = with_changes(
        item, revision=7, sync_base="b" * 64, publish_at="2022-04-13T13:00:00+00:00"
    )
    assert content_hash(same) == content_hash(item)
    assert content_hash(with_changes(item, summary="Changed.")) != content_hash(item)
    assert content_hash(with_changes(item, extra={"weight": 1})) != content_hash(item)
