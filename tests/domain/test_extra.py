"""The extra map: JSON only, bounded, and never shadowing a field the export writes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from editor.domain.items import parse_item


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"title": "x"}, "cannot hold 'title'"),
        ({"event": {"x": 1}}, "events only"),
        ({"big": "x" * 70_000}, "at most 64 KB"),
        ({"deep": [[[[[[[[[["x"]]]]]]]]]]}, "nested"),
        ({"nan": float("nan")}, "NaN"),
        ({"bad": object()}, "extra"),
    ],
)
def test_extra_is_validated(extra: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_item({"kind": "announcement", "title": "T", "extra": extra})


def test_extra_may_not_shadow_the_image() -> None:
    with pytest.raises(ValidationError, match="image"):
        parse_item(
            {"kind": "announcement", "title": "T", "image": "a.png", "extra": {"image": "/b.png"}}
        )


def test_an_event_keeps_its_own_unknown_keys_apart() -> None:
    event = {
        "kind": "event",
        "title": "E",
        "timezone": "UTC",
        "start": "2030-01-01T10:00",
        "end": "2030-01-01T11:00",
    }
    assert parse_item(event | {"extra": {"event": {"room": "B"}}}).extra == {"event": {"room": "B"}}
    with pytest.raises(ValidationError, match="'start': an event field"):
        parse_item(event | {"extra": {"event": {"start": "x"}}})
