"""The review file: written small and readable beside the bundle, read back with clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from editor.bundle.review import (
    Anchor,
    BundleRef,
    Comment,
    ItemReview,
    Review,
    ReviewFileError,
    Verdict,
    anchor_for,
    bundle_id,
    load_review,
    locate_anchor,
    own_review_path,
    review_path_for,
    save_review,
)

WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
ITEM = UUID("6f1c2a8e-4b1d-4c55-9a3e-0d2c8e7f1a01")
BODY = "First paragraph.\n\nThe forum meets in Geneva on Monday.\n"


def _review(**changes: object) -> Review:
    anchor = anchor_for(BODY, BODY.index("Geneva"), BODY.index("Geneva") + len("Geneva"))
    data: dict[str, object] = {
        "reviewer": "Amina Diallo",
        "created_at": WHEN,
        "bundle": BundleRef(
            id="ws/2026-11-28T09:00:00Z",
            manifest_sha256="a" * 64,
            workspace_id="ws",
            file="news.zip",
        ),
        "items": (
            ItemReview(
                item_id=ITEM,
                title="Forum meeting",
                revision=3,
                verdict=Verdict.CHANGES_REQUESTED,
                comments=(
                    Comment(id=uuid4(), text="Which venue?", created_at=WHEN, anchor=anchor),
                    Comment(id=uuid4(), text="Add a summary.", created_at=WHEN),
                ),
            ),
        ),
    }
    return Review.model_validate(data | changes)


@pytest.mark.parametrize(
    ("bundle", "expected"),
    [
        ("news.zip", "news.review.json"),
        ("news.ZIP", "news.review.json"),
        ("site", "site.review.json"),
        ("my.bundle.zip", "my.bundle.review.json"),
    ],
)
def test_the_review_goes_beside_the_bundle(tmp_path: Path, bundle: str, expected: str) -> None:
    assert review_path_for(tmp_path / bundle) == tmp_path / expected


def test_a_review_round_trips_and_stays_small_and_readable(tmp_path: Path) -> None:
    review = _review()
    path = tmp_path / "news.review.json"
    save_review(review, path)
    assert load_review(path) == review
    text = path.read_text("utf-8")
    assert '\n  "reviewer": "Amina Diallo",\n' in text  # indented, one field a line
    assert len(text) < 2000
    data = json.loads(text)
    assert data["format"] == "noticeboard-review"
    assert data["items"][0]["comments"][0]["anchor"]["quote"] == "Geneva"
    assert "anchor" not in data["items"][0]["comments"][1]  # no clutter for an unanchored one
    assert [p.name for p in tmp_path.iterdir()] == ["news.review.json"]  # no temp file left


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="something-else"), "is not a Noticeboard review"),
        (lambda d: d.update(format_version=2), "format version 2"),
        (lambda d: d.update(reviewer=""), "reviewer"),
        (lambda d: d.update(reviewer="Eve\u202e"), "control or invisible"),
        (lambda d: d["bundle"].update(manifest_sha256="xyz"), "SHA-256"),
        (lambda d: d["bundle"].update(file="news\x1b]0;pwned\x07.zip"), "[bundle.file]"),
        (lambda d: d["bundle"].update(id="\x1b[2J"), "[bundle.id]"),
        (lambda d: d["items"][0].update(verdict="maybe"), "items[1].verdict"),
        (lambda d: d["items"][0].update(revision=0), "items[1].revision"),
        (lambda d: d["items"][0]["comments"][0].update(text="   "), "needs some text"),
        (lambda d: d["items"].append(dict(d["items"][0])), "reviewed twice"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
)
def test_a_bad_review_file_says_what_is_wrong(tmp_path: Path, mutate: object, message: str) -> None:
    path = tmp_path / "news.review.json"
    save_review(_review(), path)
    data = json.loads(path.read_text("utf-8"))
    assert callable(mutate)
    mutate(data)
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ReviewFileError, match=r"news\.review\.json") as caught:
        load_review(path)
    assert message in str(caught.value)


def test_a_file_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.review.json"
    path.write_bytes(b"\x00\x01 not json")
    with pytest.raises(ReviewFileError, match=r"x\.review\.json is not JSON"):
        load_review(path)


def test_a_huge_file_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "x.review.json"
    path.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(ReviewFileError, match=r"^x.review.json is larger than 5 MB: too large"):
        load_review(path)


def test_an_anchor_is_trimmed_and_knows_its_line() -> None:
    start = BODY.index("The forum")
    anchor = anchor_for(BODY, start - 2, start + len("The forum") + 1)
    assert anchor == Anchor(quote="The forum", start=start, end=start + 9, line=3)
    assert anchor_for(BODY, 3, 3) is None
    assert anchor_for(BODY, 16, 18) is None  # only white space


def test_an_anchor_survives_small_edits_and_notices_a_removed_passage() -> None:
    anchor = anchor_for(BODY, BODY.index("Geneva"), BODY.index("Geneva") + 6)
    assert anchor is not None
    assert locate_anchor(BODY, anchor) == (anchor.start, anchor.end)
    edited = "A new first line.\n" + BODY
    moved = edited.index("Geneva")
    assert locate_anchor(edited, anchor) == (moved, moved + 6)
    # Of two copies, the one nearest to where the passage was.
    twice = "Geneva: " + BODY.replace("First", "Firsts")
    assert locate_anchor(twice, anchor) == (
        twice.index("Geneva", 10),
        twice.index("Geneva", 10) + 6,
    )
    assert locate_anchor(BODY.replace("Geneva", "Lausanne"), anchor) is None


def test_the_bundle_id_is_the_manifests_own_or_its_origin_and_time() -> None:
    assert bundle_id({"id": "b-1", "workspace_id": "w"}) == "b-1"
    assert bundle_id({"workspace_id": "w", "created_at": "2026-01-01T00:00:00Z"}) == (
        "w/2026-01-01T00:00:00Z"
    )


def test_a_second_reviewer_gets_a_file_of_their_own(tmp_path: Path) -> None:
    bundle = tmp_path / "news.zip"
    shared = tmp_path / "news.review.json"
    assert own_review_path(bundle, "Amina Diallo") == shared  # nothing there yet
    save_review(_review(), shared)
    assert own_review_path(bundle, "  amina   DIALLO ") == shared  # the same reviewer
    assert own_review_path(bundle, "Bob Martin") == tmp_path / "news.bob-martin.review.json"
    shared.write_text("not a review")  # not anyone's review: it may be written over
    assert own_review_path(bundle, "Bob Martin") == shared
