"""Nothing executable reaches a bundle; the same content always gives the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from editor.domain.items import parse_item
from editor.export.bundle import build_bundle
from editor.export.writer import write_bundle
from tests.export.fixtures import AS_OF, golden_items, read_media

ATTACKS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></svg>",
    '<a href="#" onclick="alert(1)">x</a>',
    '![x](media/a.png" onerror="alert(1))',
    '![x" onerror="alert(1)](media/a.png)',
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
]


def hostile_items() -> list[Any]:
    items = []
    for n, attack in enumerate(ATTACKS):
        items.append(
            parse_item(
                {
                    "id": f"00000000-0000-4000-8000-{n:012d}",
                    "kind": "announcement",
                    "title": f"Attack {n} </title><script>alert(1)</script>",
                    "summary": '"><script>alert(1)</script>',
                    "body": f"Before.\n\n{attack}\n\nAfter.",
                    "tags": ['"><img src=x onerror=alert(1)>'],
                    "image": "a.png",
                    "image_alt": '" onerror="alert(1)" x="',
                    "created_at": "2022-01-01T00:00:00Z",
                    "updated_at": "2022-01-01T00:00:00Z",
                    "status": "published",
                }
            )
        )
    return items


_DANGEROUS_TAGS = {"script", "svg", "iframe", "object", "embed", "style", "math", "form"}


class _Scanner(HTMLParser):
    """Everything a browser would treat as markup: tags and their attributes."""

    def __init__(self, *, inlined: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_head = True
        # review.html inlines its stylesheet and the bundle's pictures itself (bodies never
        # carry data: URLs).
        self._inlined = inlined

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "body":
            self._in_head = False
        if tag == "script" and values.get("type") != "application/ld+json":
            self.problems.append("script")
        if tag == "style" and self._in_head:
            return  # the page's own styles, in the head
        if tag in _DANGEROUS_TAGS - {"script"}:
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            inlined = _INLINED.get((tag, name))
            if self._inlined and inlined and re.fullmatch(inlined, value or ""):
                continue
            if name in ("href", "src") and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":")[0].lower()
                if ":" in value and scheme in ("javascript", "data", "vbscript"):
                    self.problems.append(f"{tag} {name}={value}")


_INLINED = {
    ("img", "src"): r"data:image/(png|jpeg|gif|webp|avif);base64,[\w+/=]*",
    ("link", "href"): r"data:text/css;base64,[\w+/=]*",
}


def scan(text: str, *, inlined: bool = False) -> list[str]:
    scanner = _Scanner(inlined=inlined)
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def test_nothing_executable_in_any_page_or_feed() -> None:
    files = build_bundle(hostile_items(), workspace_id="x", media=lambda p: b"png")
    for path, data in files.items():
        text = data.decode("utf-8") if path.endswith((".html", ".atom", ".json")) else ""
        if path.endswith(".html"):
            assert scan(text, inlined=path == "review.html") == [], path
        elif path == "feed.atom":
            for content in ET.fromstring(data).iter("{http://www.w3.org/2005/Atom}content"):
                assert scan(content.text or "") == []
        elif path == "feed.json":
            for entry in json.loads(text)["items"]:
                assert scan(entry["content_html"]) == []
    # JSON-LD cannot be closed by content: '<' is escaped in it.
    page = files["announcements/attack-0-title-script-alert-1-script/index.html"].decode()
    ld = page.split('application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld


def test_the_scanner_sees_attacks() -> None:
    assert scan('<img src=x onerror="alert(1)">') == ["img onerror"]
    assert scan('<a href=" java\tscript:alert(1)">x</a>') != []
    assert scan("<svg onload=alert(1)>") != []


def test_stored_markdown_is_unchanged_by_export() -> None:
    items = hostile_items()
    before = [item.body for item in items]
    files = build_bundle(items, workspace_id="x")
    assert [item.body for item in items] == before
    assert ATTACKS[6].encode() in b"".join(v for k, v in files.items() if k.startswith("content/"))


def build_zip(tmp_path: Path, name: str, items: list[Any]) -> bytes:
    files = build_bundle(items, workspace_id="golden", media=read_media, generated_at=AS_OF)
    out = write_bundle(files, tmp_path / name, timestamp=AS_OF)
    return out.read_bytes()


def test_same_content_same_zip(tmp_path: Path) -> None:
    items = golden_items()
    first = build_zip(tmp_path, "a.zip", items)
    second = build_zip(tmp_path, "b.zip", list(reversed(items)))
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(2022, 4, 1, 12, 0, 0)}


def test_the_bundle_time_comes_from_the_content() -> None:
    items = golden_items()
    files = build_bundle(items, workspace_id="golden")
    newest = max(item.updated_at for item in items)
    assert newest.strftime("%Y-%m-%dT%H:%M:%SZ").encode() in files["manifest.json"]


@pytest.mark.slow
def test_same_zip_in_other_processes(tmp_path: Path) -> None:
    """Hash seeds differ from one process to the next: set order must never leak out."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from editor.export.bundle import build_bundle
        from editor.export.writer import write_bundle
        from tests.export.fixtures import AS_OF, golden_items, read_media
        files = build_bundle(golden_items(), workspace_id="g", media=read_media)
        write_bundle(files, Path(sys.argv[1]), timestamp=AS_OF)
        """
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.zip"
        subprocess.run(
            [sys.executable, "-c", script, str(out)],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parents[2],
            timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_export_and_bundle_never_import_qt() -> None:
    """The import-boundary test walks every module; make sure it sees these packages."""
    from tests.test_import_boundary import non_ui_modules, qt_imports

    mine = [p for p in non_ui_modules() if p.parent.name in ("export", "bundle")]
    assert len(mine) >= 15
    assert [p for p in mine if qt_imports(p.read_text(encoding="utf-8"))] == []
