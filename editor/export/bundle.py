"""build_bundle: items in, {relative path: bytes} out. Pure: the writer does the I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from editor.domain.items import Announcement, Event
from editor.export.data import data_files
from editor.export.feeds import build_atom, build_json_feed
from editor.export.frontmatter import render_markdown_file
from editor.export.ics import calendar_files
from editor.export.layout import content_time, place_items
from editor.export.manifest import MANIFEST_PATH, build_manifest
from editor.export.media import MediaReader, collect_media
from editor.export.parallel import MIN_ITEMS, start_in_helper, warm_bodies
from editor.export.review_page import REVIEW_PATH, render_review_page
from editor.export.site import SiteIndex, render_index, render_page, stylesheet
from editor.export.site_address import site_address
from editor.export.words import words_for
from editor.resources import resource_path

Item = Announcement | Event
# Called with (items done, items in all) while pages are built; may raise to stop.
Progress = Callable[[int, int], None]


class BundleError(ValueError):
    """The items cannot make a bundle (the pre-export checks say why in more detail)."""


def no_media(path: str) -> bytes | None:
    return None


def build_bundle(
    items: Sequence[Item],
    *,
    workspace_id: str,
    media: MediaReader = no_media,
    generated_at: datetime | None = None,
    progress: Progress | None = None,
    base_url: str | None = None,
) -> dict[str, bytes]:
    """Every file of the bundle, by path relative to its root, manifest.json included.

    generated_at: the bundle's time (manifest creation time, feed update, what counts as
    upcoming); by default the newest updated_at of the items, so that the same content
    always gives the same bytes. base_url: the site's address, which makes the links in
    feeds and schema.org data absolute (pages keep relative links, to work from disk).
    """
    base = site_address(base_url) if base_url else None
    placement = place_items(items)
    if placement.clashes:
        left_out, holder = placement.clashes[0]
        raise BundleError(
            f"{left_out.kind.value} {left_out.title!r} has the slug {left_out.slug!r} of "
            f"{holder.title!r}; give one of them another slug"
        )
    entries = placement.entries
    when = (generated_at or content_time(items)).astimezone(UTC).replace(microsecond=0)
    title = words_for("en")["site_title"]
    # Bodies first, over two cores where that is safe: everything below finds them cached.
    warm_bodies([e.item.body for e in entries])
    media_set = collect_media((e.item for e in entries), media)
    names = media_set.names

    def feeds_and_sources() -> dict[str, bytes]:
        """The files for other programs: Markdown sources, calendars, feeds, data."""
        out = {e.content: render_markdown_file(e, names) for e in entries}
        out |= calendar_files(entries, name=title)
        out["feed.atom"] = build_atom(
            entries, title=title, workspace_id=workspace_id, updated=when, media=names, base=base
        )
        out["feed.json"] = build_json_feed(entries, title=title, media=names, base=base)
        return out | data_files(entries)

    # A helper makes those (where it can) while this process makes the pages.
    helper = start_in_helper(feeds_and_sources) if len(entries) >= MIN_ITEMS else None
    try:
        files: dict[str, bytes] = dict(media_set.files)
        files["FORMAT.md"] = resource_path("bundle", "FORMAT.md").read_bytes()
        files["assets/style.css"] = stylesheet()
        site = SiteIndex(entries)
        total = len(entries)
        for done, entry in enumerate(entries):
            if progress is not None:
                progress(done, total)
            files[entry.page] = render_page(entry, site, names, base)
        files["index.html"] = render_index(entries, as_of=when)
        files[REVIEW_PATH] = render_review_page(entries, media_set, as_of=when)
        made = helper.result() if helper is not None else None
    finally:
        if helper is not None:
            helper.close()
    files |= made if made is not None else feeds_and_sources()
    files[MANIFEST_PATH] = build_manifest(
        files, entries, workspace_id=workspace_id, created_at=when
    )
    if progress is not None:
        progress(total, total)
    return files
