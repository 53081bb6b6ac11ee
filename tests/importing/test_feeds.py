"""Feeds: Atom with HTML content, RSS 2.0, JSON Feed 1.1, broken feeds, our own feeds back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from editor.domain.items import SUMMARY_MAX, Announcement, Status
from editor.export.bundle import build_bundle
from editor.importing.feeds import feed_candidates, item_id_for_entry_id, plain_text
from editor.importing.plan import Action
from editor.importing.planning import plan_import
from editor.importing.sources import SourceError
from editor.render.markdown_html import render_markdown
from editor.storage.workspace import Workspace
from tests.export.fixtures import golden_items
from tests.importing.helpers import import_into

LONG_SUMMARY = " ".join(["word"] * 200)  # 999 characters

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
 <title>Réseau</title>
 <id>tag:example.org,2022:feed</id>
 <updated>2022-04-13T10:00:00Z</updated>
 <entry>
  <id>tag:example.org,2022:co-chairs</id>
  <title type="html">New co-chairs &amp;amp; a &lt;em&gt;new&lt;/em&gt; term</title>
  <published>2022-04-13T09:30:00+02:00</published>
  <updated>2022-04-14T10:00:00Z</updated>
  <author><name>Secrétariat</name></author>
  <category term="governance"/>
  <category term="cities"/>
  <summary type="text">{LONG_SUMMARY}</summary>
  <content type="html">&lt;h2&gt;Who&lt;/h2&gt;
&lt;p&gt;Lyon and &lt;a href="https://example.org/porto"&gt;Porto&lt;/a&gt; lead.&lt;/p&gt;
&lt;script&gt;alert("script")&lt;/script&gt;
&lt;img src="x.png" alt="hall" onerror="alert('img')"&gt;
&lt;p onclick="alert('p')"&gt;&lt;a href="javascript:alert('a')"&gt;Click&lt;/a&gt;&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</content>
 </entry>
</feed>
"""

RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
 <channel>
  <title>City news</title>
  <link>https://example.org/</link>
  <description>News</description>
  <language>de-DE</language>
  <item>
   <title>Stra\xdfenfest</title>
   <guid isPermaLink="false">news-17</guid>
   <link>https://example.org/news/17</link>
   <description>&lt;p&gt;A &lt;b&gt;street&lt;/b&gt; party.&lt;/p&gt;</description>
   <content:encoded><![CDATA[<p>The <strong>whole</strong> street.</p>]]></content:encoded>
   <pubDate>Tue, 03 May 2022 09:39:21 GMT</pubDate>
   <category>festival</category>
   <author>press@example.org (Press Office)</author>
  </item>
  <item>
   <title>Only a description</title>
   <link>https://example.org/news/18</link>
   <description>Plain &lt;i&gt;text&lt;/i&gt; here.</description>
  </item>
 </channel>
</rss>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Blog",
    "language": "en-GB",
    "authors": [{"name": "Blog team"}],
    "items": [
        {
            "id": "https://example.org/posts/1",
            "url": "https://example.org/posts/1",
            "title": "First post",
            "summary": "The first one.",
            "content_html": "<p>Hello <em>world</em>.</p>",
            "date_published": "2022-05-01T08:00:00+01:00",
            "tags": ["blog", "news"],
        },
        {
            "id": "2",
            "title": "Second post",
            "content_text": "Just text.",
            "language": "fr",
            "authors": [{"name": "Ann"}],
        },
    ],
}


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _announcements(workspace: Workspace) -> dict[str, Announcement]:
    return {i.title: i for i in workspace.items() if isinstance(i, Announcement)}


def test_atom_html_content_becomes_safe_markdown(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    plan = import_into(workspace, _write(tmp_path / "news.atom", ATOM))
    [action] = plan.actions
    assert action.action is Action.ADD
    assert f"summary trimmed to {SUMMARY_MAX} characters (it had 999)" in action.reason
    [item] = workspace.items()
    assert isinstance(item, Announcement)
    assert item.title == "New co-chairs & a new term"
    assert item.id == item_id_for_entry_id("tag:example.org,2022:co-chairs")[0]
    assert action.extra["feed_id"] == "tag:example.org,2022:co-chairs"
    assert item.publish_at == datetime(2022, 4, 13, 7, 30, tzinfo=UTC)
    assert (item.tags, item.authors, item.language) == (
        ("governance", "cities"),
        ("Secrétariat",),
        "fr",
    )
    assert len(item.summary) <= SUMMARY_MAX and item.summary.endswith("word…")
    assert "## Who" in item.body and "[Porto](https://example.org/porto)" in item.body
    rendered = render_markdown(item.body).lower()
    assert (
        "<h2" in rendered and "<li" in rendered and 'href="https://example.org/porto"' in rendered
    )
    for danger in ("<script", "alert(", "onerror", "onclick", "javascript:"):
        assert danger not in rendered


def test_rss_2(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    data = RSS.encode("latin-1")  # the feed says its encoding; feedparser honours it
    plan = import_into(workspace, _write(tmp_path / "news.rss", data))
    assert [a.action for a in plan.actions] == [Action.ADD, Action.ADD]
    items = _announcements(workspace)
    fest = items["Straßenfest"]
    assert fest.summary == "A street party."
    assert fest.body == "The **whole** street."
    assert fest.publish_at == datetime(2022, 5, 3, 9, 39, 21, tzinfo=UTC)
    assert (fest.tags, fest.authors, fest.language) == (("festival",), ("Press Office",), "de-DE")
    assert fest.status is Status.DRAFT  # never exported before an editor looks at it
    only = items["Only a description"]
    # Without content:encoded, the description is the text, not a teaser.
    assert (only.summary, only.body) == ("", "Plain *text* here.")
    assert only.id == item_id_for_entry_id("https://example.org/news/18")[0]
    again = plan_import([tmp_path / "news.rss"], workspace)
    assert [a.reason for a in again.actions] == ["unchanged", "unchanged"]


def test_json_feed_1_1(tmp_path: Path) -> None:
    workspace = Workspace.in_memory()
    plan = import_into(workspace, _write(tmp_path / "feed.json", json.dumps(JSON_FEED)))
    assert [a.action for a in plan.actions] == [Action.ADD, Action.ADD]
    items = _announcements(workspace)
    first = items["First post"]
    assert (first.summary, first.body) == ("The first one.", "Hello *world*.")
    assert first.publish_at == datetime(2022, 5, 1, 7, 0, tzinfo=UTC)
    # The feed's own authors are the site, not the writer of each post.
    assert (first.tags, first.authors, first.language) == (("blog", "news"), (), "en-GB")
    second = items["Second post"]
    assert (second.body, second.authors, second.language) == ("Just text.", ("Ann",), "fr")
    assert plan.actions[1].extra["feed_id"] == "2"


def test_folders_import_feeds_and_pass_over_other_xml_and_json(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    _write(folder / "index.xml", ATOM)
    _write(folder / "feed.json", json.dumps(JSON_FEED))
    _write(folder / "sitemap.xml", '<?xml version="1.0"?>\n<urlset><url/></urlset>\n')
    _write(folder / "package.json", '{"version": "1.0.0"}')
    plan = plan_import([folder], Workspace.in_memory())
    assert [a.action for a in plan.actions] == [Action.ADD] * 3
    assert not plan.problems
    # Named on its own, XML that is not a feed is a problem that names it.
    plan = plan_import([folder / "sitemap.xml"], Workspace.in_memory())
    [problem] = plan.problems
    assert problem.source.endswith("sitemap.xml") and "not a feed" in problem.reason


def test_broken_feeds(tmp_path: Path) -> None:
    broken = _write(tmp_path / "broken.atom", "<feed xmlns='http://www.w3.org/2005/Atom'><ti")
    not_json_feed = _write(tmp_path / "feed.json", "{not json")
    plan = plan_import([broken, not_json_feed], Workspace.in_memory())
    assert [p.source for p in plan.problems] == [str(broken), str(not_json_feed)]
    assert "is not a readable feed" in plan.problems[0].reason
    with pytest.raises(SourceError) as raised:
        feed_candidates(b"\x00\x01 not xml", "broken.rss", ".rss")
    assert str(raised.value).startswith("broken.rss: is not a readable feed")
    # Cut off after its first entry: that entry is still imported, with a warning.
    truncated = RSS.split("<item>\n   <title>Only")[0]
    plan = plan_import(
        [_write(tmp_path / "cut.rss", truncated.encode("latin-1"))], Workspace.in_memory()
    )
    [action] = plan.actions
    assert action.action is Action.ADD and "not well-formed" in action.reason


def _text(body: str) -> str:
    return plain_text(render_markdown(body))


@pytest.mark.parametrize("name", ["feed.atom", "feed.json"])
def test_our_own_feeds_round_trip(tmp_path: Path, name: str) -> None:
    originals = [i for i in golden_items() if isinstance(i, Announcement)]
    files = build_bundle(originals, workspace_id="test")
    workspace = Workspace.in_memory()
    plan = import_into(workspace, _write(tmp_path / name, files[name]))
    assert not plan.problems
    imported = {i.id: i for i in workspace.items()}
    assert set(imported) == {i.id for i in originals}
    for original in originals:
        item = imported[original.id]
        assert item.title == original.title
        assert item.summary == original.summary
        assert _text(item.body) == _text(original.body)
        assert item.publish_at == (original.publish_at or original.created_at)
        assert item.tags == original.tags
        assert (item.authors, item.language) == (original.authors, original.language)
    assert all("feed_id" not in a.extra for a in plan.actions)


def test_item_ids_from_our_feeds() -> None:
    item = UUID("6f1c2a4e-3b7d-4c1e-9a52-0d8e4b7f1a08")
    assert item_id_for_entry_id(f"urn:uuid:{item}") == (item, True)
    assert item_id_for_entry_id(str(item)) == (item, True)
    other, ours = item_id_for_entry_id("https://example.org/posts/1")
    assert not ours and other == item_id_for_entry_id("https://example.org/posts/1")[0]


@pytest.mark.parametrize("name", ["feed.atom", "feed.json"])
def test_import_export_import_of_a_feed_is_the_identity(tmp_path: Path, name: str) -> None:
    from tests.importing.helpers import contents

    originals = [i for i in golden_items() if isinstance(i, Announcement)]
    source = _write(tmp_path / f"one-{name}", build_bundle(originals, workspace_id="t")[name])
    first = Workspace.in_memory()
    import_into(first, source)
    again = build_bundle(first.items(), workspace_id="t")[name]
    second = Workspace.in_memory()
    import_into(second, _write(tmp_path / f"two-{name}", again))
    assert contents(second.items()) == contents(first.items())
    # A foreign feed's entries keep where they came from.
    plan = plan_import([_write(tmp_path / "rss.xml", RSS.encode("latin-1"))], Workspace.in_memory())
    assert all("feed_link" in a.item.extra for a in plan.of(Action.ADD) if a.item)
