"""The live preview: renders off the GUI thread, updates in place, keeps and syncs scrolling.

The WebEngine tests read the page back with runJavaScript and wait with waitUntil; none sleeps.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from editor.domain.items import Announcement, Event, with_changes
from editor.ui import preview as preview_module
from editor.ui.preview import PreviewView
from editor.ui.preview_render import prepare, render_page, split_page

# Qt warnings fail tests. These come from the test environment, not from our code, and are
# filtered one by one: the offscreen platform plugin cannot pass size hints to a window
# system; and it has no OpenGL, so when WebEngine starts (once per process) its GPU probe
# fails and Chromium says it has no GPU information. The same preview under a real display
# logs none of them.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)

WAIT_MS = 10_000


def announcement(body: str, **fields: object) -> Announcement:
    return Announcement.model_validate({"title": "Forum update", "body": body} | fields)


def long_body(paragraphs: int = 80) -> str:
    return "\n\n".join(
        f"Paragraph {n}: cities and regions share what works in local inclusion, "
        "language courses, access to services and the recognition of skills."
        for n in range(paragraphs)
    )


class CountingRenderer:
    def __init__(self, render: Callable[[Announcement | Event], str] = render_page) -> None:
        self.calls = 0
        self._render = render
        self._lock = threading.Lock()

    def __call__(self, item: Announcement | Event) -> str:
        with self._lock:
            self.calls += 1
        return self._render(item)


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
def preview(qtbot: QtBot, renderer: CountingRenderer, tmp_path: Path) -> Iterator[PreviewView]:
    view = PreviewView(engine="web", page_renderer=renderer)
    view.opened: list[QUrl] = []  # type: ignore[attr-defined, misc]
    view.open_external = view.opened.append  # type: ignore[attr-defined]
    view.set_workspace_dir(tmp_path)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    yield view


def js(qtbot: QtBot, view: PreviewView, script: str) -> object:
    """Run `script` in the page and wait for its value."""
    box: list[object] = []
    view.run_javascript(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return box[0]


def js_json(qtbot: QtBot, view: PreviewView, script: str) -> object:
    """Like js(), for values runJavaScript cannot hand back as they are (arrays)."""
    return json.loads(str(js(qtbot, view, f"JSON.stringify({script})")))


def body_text(qtbot: QtBot, view: PreviewView) -> str:
    return str(js(qtbot, view, "document.body.innerText"))


def show_and_wait(qtbot: QtBot, view: PreviewView, item: Announcement | Event) -> None:
    with qtbot.waitSignal(view.rendered, timeout=WAIT_MS):
        view.show_item(item)


# -- pure helpers -------------------------------------------------------------------------


def test_split_page_separates_article_title_and_skeleton() -> None:
    page = render_page(announcement("Hello *there*", summary="A summary."))
    article, skeleton, title = split_page(page)
    assert article is not None and article.startswith("<article") and "there" in article
    assert "there" not in skeleton and "<article></article>" in skeleton
    assert title == "Forum update"
    other = split_page(render_page(announcement("Other", title="New title", summary="Other.")))
    assert other[1] == skeleton  # title, summary and body edits keep the page skeleton
    french = split_page(render_page(announcement("Autre", language="fr")))
    assert french[1] != skeleton  # a language change does not


# -- WebEngine preview --------------------------------------------------------------------


def test_preview_has_accessible_name(preview: PreviewView) -> None:
    assert preview.accessibleName() == "Preview"
    assert preview.uses_web_engine()


def test_shows_rendered_body(qtbot: QtBot, preview: PreviewView) -> None:
    show_and_wait(qtbot, preview, announcement("The **Steering Group** has met."))
    assert "The Steering Group has met." in body_text(qtbot, preview)
    assert js(qtbot, preview, "document.querySelector('strong').textContent") == "Steering Group"
    assert preview.last_render_ms is not None and preview.last_render_ms > 0


def test_follows_an_edit_in_place(qtbot: QtBot, preview: PreviewView) -> None:
    item = announcement("First version.")
    show_and_wait(qtbot, preview, item)
    js(qtbot, preview, "document.body.dataset.marker = 'same page'")
    show_and_wait(qtbot, preview, with_changes(item, body="Second version."))
    qtbot.waitUntil(lambda: "Second version." in body_text(qtbot, preview), timeout=WAIT_MS)
    assert "First version." not in body_text(qtbot, preview)
    # Updated in place: the page was not reloaded (our marker on <body> survived).
    assert js(qtbot, preview, "document.body.dataset.marker") == "same page"
    assert preview.full_loads == 1


def test_an_edit_replaces_only_the_changed_block(qtbot: QtBot, preview: PreviewView) -> None:
    paragraphs = [f"Paragraph {n} about local inclusion." for n in range(6)]
    item = announcement("\n\n".join(paragraphs))
    show_and_wait(qtbot, preview, item)
    js(
        qtbot,
        preview,
        "document.querySelectorAll('.body > p').forEach(p => { p.keptNode = true; })",
    )
    paragraphs[3] = "Paragraph 3, rewritten."
    show_and_wait(qtbot, preview, with_changes(item, body="\n\n".join(paragraphs)))
    kept = js_json(
        qtbot, preview, "Array.from(document.querySelectorAll('.body > p'), p => !!p.keptNode)"
    )
    assert kept == [True, True, True, False, True, True]
    assert "Paragraph 3, rewritten." in body_text(qtbot, preview)


def test_inserted_lines_shift_the_source_lines_of_later_blocks(
    qtbot: QtBot, preview: PreviewView
) -> None:
    body = "First.\n\nSecond.\n\nThird."
    item = announcement(body)
    show_and_wait(qtbot, preview, item)
    edited = with_changes(item, body="Zeroth.\n\n\n" + body)
    show_and_wait(qtbot, preview, edited)
    lines = js_json(
        qtbot,
        preview,
        "Array.from(document.querySelectorAll('[data-source-line]'),"
        " e => +e.getAttribute('data-source-line'))",
    )
    assert lines == [0, 3, 5, 7]
    texts = js_json(
        qtbot, preview, "Array.from(document.querySelectorAll('.body > p'), p => p.textContent)"
    )
    assert texts == ["Zeroth.", "First.", "Second.", "Third."]


def body_shape(qtbot: QtBot, view: PreviewView) -> object:
    return js_json(
        qtbot,
        view,
        "Array.from(document.querySelector('article .body').children,"
        " e => [e.tagName, e.getAttribute('data-source-line'), e.textContent])",
    )


def test_edits_sent_as_patches_leave_the_page_a_fresh_render_would_show(
    qtbot: QtBot, preview: PreviewView, renderer: CountingRenderer
) -> None:
    rng = random.Random(5)
    pieces = [f"Paragraph {n}." for n in range(12)] + ["- a\n- b", "```\ncode\n```", "> quote"]
    item = announcement("\n\n".join(pieces))
    show_and_wait(qtbot, preview, item)
    for step in range(8):
        at = rng.randrange(len(pieces))
        if step % 3 == 0:
            pieces.insert(at, f"Inserted {step}.\n\n\nwith a gap.")
        elif step % 3 == 1:
            del pieces[at]
        else:
            pieces[at] = f"Changed {step}: *emphasis*."
        item = with_changes(item, body="\n\n".join(pieces))  # type: ignore[assignment]
        show_and_wait(qtbot, preview, item)
    patched = body_shape(qtbot, preview)
    assert preview.patches >= 6  # most of them went out as patches, not whole articles

    fresh = PreviewView(engine="web", page_renderer=renderer)
    qtbot.addWidget(fresh)
    fresh.resize(800, 600)
    fresh.show()
    show_and_wait(qtbot, fresh, item)
    assert patched == body_shape(qtbot, fresh)


def test_title_edit_updates_document_title_in_place(qtbot: QtBot, preview: PreviewView) -> None:
    item = announcement("Body.")
    show_and_wait(qtbot, preview, item)
    show_and_wait(qtbot, preview, with_changes(item, title="A new title"))
    assert js(qtbot, preview, "document.title") == "A new title"
    assert js(qtbot, preview, "document.querySelector('h1').textContent") == "A new title"
    assert preview.full_loads == 1


def test_kind_change_reloads_the_page(qtbot: QtBot, preview: PreviewView) -> None:
    show_and_wait(qtbot, preview, announcement("Body."))
    event = Event.model_validate(
        {
            "title": "Briefing",
            "body": "Event body.",
            "timezone": "Europe/Brussels",
            "start": "2022-04-13T15:00",
            "end": "2022-04-13T16:00",
            "language": "fr",
        }
    )
    show_and_wait(qtbot, preview, event)
    assert "Event body." in body_text(qtbot, preview)
    assert preview.full_loads == 2


def test_scroll_position_is_kept_across_an_update(qtbot: QtBot, preview: PreviewView) -> None:
    item = announcement(long_body())
    show_and_wait(qtbot, preview, item)
    js(qtbot, preview, "window.scrollTo(0, 900)")
    qtbot.waitUntil(lambda: js(qtbot, preview, "window.scrollY") == 900, timeout=WAIT_MS)
    edited = with_changes(item, body=long_body().replace("Paragraph 30:", "Paragraph thirty:"))
    show_and_wait(qtbot, preview, edited)
    assert "Paragraph thirty:" in body_text(qtbot, preview)
    assert js(qtbot, preview, "window.scrollY") == 900


def test_scroll_to_source_line_brings_the_block_to_the_top(
    qtbot: QtBot, preview: PreviewView
) -> None:
    body = long_body()
    show_and_wait(qtbot, preview, announcement(body))
    line = body.split("\n").index(
        next(p for p in body.split("\n") if p.startswith("Paragraph 40:"))
    )
    block_top = (
        f"Math.round(document.querySelector('[data-source-line=\"{line}\"]')"
        ".getBoundingClientRect().top)"
    )
    preview.scroll_to_source_line(line)
    qtbot.waitUntil(lambda: js(qtbot, preview, block_top) == 0, timeout=WAIT_MS)
    assert js(qtbot, preview, "window.scrollY") > 0
    # A line inside the block keeps that block (the largest start <= line) near the top.
    preview.scroll_to_source_line(0)
    qtbot.waitUntil(lambda: js(qtbot, preview, "window.scrollY") == 0, timeout=WAIT_MS)


def test_many_calls_within_the_debounce_render_once(
    qtbot: QtBot, preview: PreviewView, renderer: CountingRenderer
) -> None:
    item = announcement("v0")
    for n in range(20):
        preview.show_item(with_changes(item, body=f"version {n}"))
    with qtbot.waitSignal(preview.rendered, timeout=WAIT_MS):
        pass
    assert "version 19" in body_text(qtbot, preview)
    assert renderer.calls == 1
    assert preview.render_count == 1


def test_render_does_not_run_before_the_debounce(
    qtbot: QtBot, preview: PreviewView, renderer: CountingRenderer
) -> None:
    preview.show_item(announcement("x"))
    assert renderer.calls == 0  # nothing rendered synchronously, on this thread
    with qtbot.waitSignal(preview.rendered, timeout=WAIT_MS):
        pass
    assert renderer.calls == 1


def test_links_open_in_the_system_browser(qtbot: QtBot, preview: PreviewView) -> None:
    show_and_wait(qtbot, preview, announcement("Read [the report](https://example.org/report)."))
    url_before = preview.web_view().url()  # type: ignore[union-attr]
    js(qtbot, preview, "document.querySelector('a').click()")
    opened: list[QUrl] = preview.opened  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert opened[0].toString() == "https://example.org/report"
    assert preview.web_view().url() == url_before  # type: ignore[union-attr]
    assert "the report" in body_text(qtbot, preview)


def test_network_requests_are_blocked(qtbot: QtBot, preview: PreviewView) -> None:
    from editor.ui.preview_web import blocked_requests

    view = preview.web_view()
    assert view is not None
    with qtbot.waitSignal(view.loadFinished, timeout=WAIT_MS) as blocker:
        view.load(QUrl("http://example.invalid/tracker.png"))
    assert blocker.args == [False]
    assert "http://example.invalid/tracker.png" in blocked_requests()


def test_media_images_resolve_against_the_workspace(
    qtbot: QtBot, preview: PreviewView, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    (tmp_path / "media").mkdir()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    image.save(str(tmp_path / "media" / "map.png"))
    show_and_wait(qtbot, preview, announcement("![Map of the region](media/map.png)"))
    width = "document.querySelector('img') ? document.querySelector('img').naturalWidth : -1"
    qtbot.waitUntil(lambda: js(qtbot, preview, width) == 40, timeout=WAIT_MS)


def test_real_renderer_in_helper_process_shows_sample_item(qtbot: QtBot, tmp_path: Path) -> None:
    from editor.domain.items import ITEMS_ADAPTER
    from editor.resources import resource_path

    items = ITEMS_ADAPTER.validate_json(resource_path("samples", "items.json").read_bytes())
    view = PreviewView(engine="web")  # the default renderer, in the helper process
    qtbot.addWidget(view)
    view.show()
    show_and_wait(qtbot, view, items[0])
    assert items[0].title in body_text(qtbot, view)
    assert "co-chairs" in body_text(qtbot, view)


def test_page_too_big_for_sethtml_is_filled_in_after_loading(
    qtbot: QtBot, preview: PreviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_module, "_SET_HTML_LIMIT", 100)
    show_and_wait(qtbot, preview, announcement("Loaded in two steps."))
    assert "Loaded in two steps." in body_text(qtbot, preview)


def test_render_error_is_reported_and_the_last_page_kept(qtbot: QtBot, tmp_path: Path) -> None:
    fail = {"now": False}

    def flaky(item: Announcement | Event) -> str:
        if fail["now"]:
            raise ValueError("template broke")
        return render_page(item)

    view = PreviewView(engine="web", page_renderer=flaky)
    qtbot.addWidget(view)
    view.show()
    show_and_wait(qtbot, view, announcement("Good body."))
    fail["now"] = True
    with qtbot.waitSignal(view.render_failed, timeout=WAIT_MS):
        view.show_item(announcement("Bad body."))
    assert "template broke" in view.notice()
    assert "Good body." in body_text(qtbot, view)


def test_a_result_waiting_when_the_page_died_never_replaces_a_newer_one(
    qtbot: QtBot, preview: PreviewView
) -> None:
    item = announcement("Version one.")
    show_and_wait(qtbot, preview, item)
    # Version two arrived while the page was busy (loading or patching), then the page's
    # renderer died: the view renders the current item (three) afresh.
    older = preview_module._Rendered(prepare(render_page(with_changes(item, body="Two."))), 0.0)
    preview._queued = older
    preview.show_item(with_changes(item, body="Version three."))
    with qtbot.waitSignal(preview.rendered, timeout=WAIT_MS):
        preview._on_page_render_process_terminated(None, 0)
    text = body_text(qtbot, preview)
    assert "Version three." in text and "Two." not in text


def test_a_result_waiting_on_a_page_that_failed_to_load_is_shown(
    qtbot: QtBot, preview: PreviewView
) -> None:
    item = announcement("Version one.")
    show_and_wait(qtbot, preview, item)

    def made(body: str) -> object:
        return preview_module._Rendered(prepare(render_page(with_changes(item, body=body))), 0.0)

    preview._loading = made("Loading.")  # type: ignore[assignment]
    preview._queued = made("Newest.")  # type: ignore[assignment]
    with qtbot.waitSignal(preview.rendered, timeout=WAIT_MS):
        preview._on_view_load_finished(False)
    assert "Newest." in body_text(qtbot, preview)


# -- fallback without WebEngine -----------------------------------------------------------


def test_text_browser_fallback_says_so_once(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_module, "web_engine_problem", lambda: "libEGL.so.1 missing")
    view = PreviewView(page_renderer=render_page)
    qtbot.addWidget(view)
    assert not view.uses_web_engine()
    assert view.notice().startswith("Simplified preview: the web engine could not start")
    assert "libEGL.so.1 missing" in view.notice()
    show_and_wait(qtbot, view, announcement("Plain **text** preview."))
    browser = view.text_browser()
    assert browser is not None
    assert "Plain text preview." in browser.toPlainText()
    show_and_wait(qtbot, view, announcement("Second."))
    assert "Second." in browser.toPlainText()


def test_text_browser_links_open_outside(qtbot: QtBot) -> None:
    view = PreviewView(engine="text", page_renderer=render_page)
    qtbot.addWidget(view)
    opened: list[QUrl] = []
    view.open_external = opened.append
    browser = view.text_browser()
    assert browser is not None
    browser.anchorClicked.emit(QUrl("https://example.org/"))
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert [u.toString() for u in opened] == ["https://example.org/"]
