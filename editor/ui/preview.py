"""The live preview: the item's page exactly as published, updated in place while typing.

A render runs off the GUI thread ~150 ms after the last change. The first render of a page
loads it in full (setHtml, based on the workspace folder so media images resolve); later
renders swap only the <article> through runJavaScript, so the view neither flickers nor
jumps to the top. The page reloads only when something outside the article changes (the
item kind, its language or writing direction, the stylesheet).

The web view is kept offline and inert (see preview_web). Where Qt WebEngine cannot start,
a QTextBrowser shows the same HTML, and says that it is a simplified view.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from editor.domain.items import Announcement, Event
from editor.ui.preview_patch import patch_script
from editor.ui.preview_render import (
    BodyBlocks,
    RenderedPage,
    prepare,
    render_for_preview,
    warm_up,
)
from editor.ui.pyside_fixes import make_none_immortal
from editor.ui.tasks import LatestOnly, ProcessWorker

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage
    from PySide6.QtWebEngineWidgets import QWebEngineView

log = logging.getLogger(__name__)

Item = Announcement | Event
PageRenderer = Callable[[Item], str]
Engine = Literal["auto", "web", "text"]

DEBOUNCE_MS = 150
# Host scripts run in the isolated "application world" (QWebEngineScript.ApplicationWorld):
# it shares the page's DOM, and runs although the page's own JavaScript is switched off.
_WORLD = 1
# setHtml() goes through a data: URL, which Chromium caps at 2 MB.
_SET_HTML_LIMIT = 1_500_000
_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Bring the article up to date in place, touching only what changed: the new article is
# parsed off-document, then the body's top-level blocks are compared from both ends and only
# the differing run is swapped (blocks that merely moved get their new data-source-line).
# On a long body, Chromium then lays out one paragraph again instead of all of them, and
# the reader stays where they were.
_UPDATE_JS = """(function (html, title) {
  var old = document.querySelector('article');
  if (!old) { return false; }
  var y = window.scrollY;
  var template = document.createElement('template');
  template.innerHTML = html;
  var fresh = template.content.querySelector('article');
  if (!fresh) { return false; }
  var same = function (a, b) { return a.tagName === b.tagName && a.innerHTML === b.innerHTML; };
  var syncAttributes = function (a, b) {
    var i, name;
    for (i = a.attributes.length - 1; i >= 0; i--) {
      name = a.attributes[i].name;
      if (!b.hasAttribute(name)) { a.removeAttribute(name); }
    }
    for (i = 0; i < b.attributes.length; i++) {
      if (a.getAttribute(b.attributes[i].name) !== b.attributes[i].value) {
        a.setAttribute(b.attributes[i].name, b.attributes[i].value);
      }
    }
  };
  var patchBlocks = function (into, from) {
    var a = Array.prototype.slice.call(into.children);
    var b = Array.prototype.slice.call(from.children);
    var start = 0, endA = a.length - 1, endB = b.length - 1, k;
    while (start < a.length && start < b.length && same(a[start], b[start])) { start++; }
    while (endA >= start && endB >= start && same(a[endA], b[endB])) { endA--; endB--; }
    var before = endA + 1 < a.length ? a[endA + 1] : null;
    for (k = start; k <= endA; k++) { a[k].remove(); }
    for (k = start; k <= endB; k++) { into.insertBefore(b[k], before); }
    for (k = 0; k < start; k++) { syncAttributes(a[k], b[k]); }
    for (k = 1; endA + k < a.length; k++) { syncAttributes(a[endA + k], b[endB + k]); }
  };
  var oldParts = old.children, newParts = fresh.children;
  var shapeKept = oldParts.length === newParts.length;
  for (var i = 0; shapeKept && i < oldParts.length; i++) {
    shapeKept = oldParts[i].tagName === newParts[i].tagName
      && oldParts[i].className === newParts[i].className;
  }
  if (!shapeKept) {
    old.replaceWith(fresh);
  } else {
    syncAttributes(old, fresh);
    var olds = Array.prototype.slice.call(oldParts), news = Array.prototype.slice.call(newParts);
    for (var j = 0; j < olds.length; j++) {
      if (olds[j].classList.contains('body')) {
        syncAttributes(olds[j], news[j]);
        patchBlocks(olds[j], news[j]);
      } else if (!olds[j].isEqualNode(news[j])) {
        olds[j].replaceWith(news[j]);
      }
    }
  }
  if (title !== null) { document.title = title; }
  window.scrollTo(0, y);
  return true;
})(%s, %s)"""

# The block with the largest data-source-line <= line goes to the top. Between two blocks
# the position is interpolated, so a long paragraph, table or code block follows smoothly.
# Line 0 is the very top: the title and summary above the body stay in view.
_SCROLL_JS = """(function (line, smooth) {
  var blocks = document.querySelectorAll('article [data-source-line]');
  var y = 0;
  if (blocks.length && line > 0) {
    var lo = 0, hi = blocks.length - 1, best = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (+blocks[mid].getAttribute('data-source-line') <= line) { best = mid; lo = mid + 1; }
      else { hi = mid - 1; }
    }
    if (best >= 0) {
      var a = blocks[best], la = +a.getAttribute('data-source-line');
      y = a.getBoundingClientRect().top + window.scrollY;
      var next = blocks[best + 1];
      if (next && line > la) {
        var lb = +next.getAttribute('data-source-line');
        var nextTop = next.getBoundingClientRect().top + window.scrollY;
        y += (nextTop - y) * (line - la) / Math.max(1, lb - la);
      }
    }
  }
  y = Math.max(0, Math.round(y));
  window.scrollTo({top: y, behavior: smooth ? 'smooth' : 'instant'});
  return y;
})(%d, %s)"""


@dataclass(frozen=True)
class _Rendered:
    rendered: RenderedPage
    started: float

    @property
    def page(self) -> str:
        return self.rendered.page

    @property
    def skeleton(self) -> str:
        return self.rendered.skeleton


_process: ProcessWorker | None = None


def render_process() -> ProcessWorker:
    """The helper process the preview renders in (shared; started on first use)."""
    global _process
    if _process is None:
        _process = ProcessWorker()
    return _process


def web_engine_problem() -> str | None:
    """Why Qt WebEngine cannot be used here, or None if it can."""
    try:
        import editor.ui.preview_web  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error) or type(error).__name__
    return None


def _js_string(text: str | None) -> str:
    return "null" if text is None else json.dumps(text)


def _ignore(_result: object) -> None:
    return None


class PreviewView(QWidget):
    """Shows an item's page as it will be published, following edits without flicker.

    `rendered(ms)` fires once the page shows new content, with the time from the debounce
    firing to the content being in the page. `engine="text"` forces the simplified
    QTextBrowser preview. The real renderer runs in a helper process (see ProcessWorker);
    a `page_renderer` given here (tests) runs on a worker thread instead.
    """

    rendered = Signal(float)
    render_failed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        engine: Engine = "auto",
        page_renderer: PageRenderer | None = None,
    ) -> None:
        make_none_immortal()  # see pyside_fixes
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self._page_renderer = page_renderer
        if page_renderer is None:
            render_process().submit(warm_up)  # start the process and fill its caches now
        self._item: Item | None = None
        self._base_url = QUrl()
        self._shown_skeleton: str | None = None
        self._shown_body: BodyBlocks | None = None  # what the page's article body holds
        # One script changing the article at a time, so each patch starts from a known body;
        # results arriving meanwhile wait in _queued (the newest wins). The generation
        # tells a script's answer from one sent before the page was cleared or reloaded.
        self._applying = False
        self._generation = 0
        self._loading: _Rendered | None = None
        self._queued: _Rendered | None = None
        self._scroll_after_load = 0.0
        self._synced_line: int | None = None
        self._pending_scroll: int | None = None
        self._scroll_busy = False
        self.render_count = 0
        self.full_loads = 0
        self.patches = 0  # updates that sent only the changed blocks
        self.last_render_ms: float | None = None
        self.open_external: Callable[[QUrl], object] = QDesktopServices.openUrl

        self._notice = QLabel(self)
        self._notice.setAccessibleName("Preview message")
        self._notice.setWordWrap(True)
        self._notice.setContentsMargins(8, 4, 8, 4)
        self._notice.hide()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self._notice)

        self._web: QWebEngineView | None = None
        self._text: QTextBrowser | None = None
        problem = None if engine == "text" else web_engine_problem()
        if engine == "text":
            self._use_text_browser(None)
        elif problem is not None:
            if engine == "web":
                raise RuntimeError(f"Qt WebEngine is not available: {problem}")
            self._use_text_browser(f"the web engine could not start ({problem})")
        else:
            self._use_web_engine()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._latest: LatestOnly[_Rendered] = LatestOnly(context=self)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(0)
        self._scroll_timer.timeout.connect(self._on_scroll_timer_timeout)

    # -- set-up ----------------------------------------------------------------------

    def _use_web_engine(self) -> None:
        from editor.ui.preview_web import make_preview_view

        view = make_preview_view(self, self._open_link)
        view.loadFinished.connect(self._on_view_load_finished)
        view.page().renderProcessTerminated.connect(self._on_page_render_process_terminated)
        self._layout.addWidget(view, 1)
        self._web = view

    def _use_text_browser(self, reason: str | None) -> None:
        browser = QTextBrowser(self)
        browser.setAccessibleName("Preview page")
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(self._open_link)
        self._layout.addWidget(browser, 1)
        self._text = browser
        if reason:
            self._notice.setText(
                f"Simplified preview: {reason}. The published page will look different."
            )
            self._notice.show()

    # -- public API ------------------------------------------------------------------

    def set_workspace_dir(self, folder: Path | None) -> None:
        """The workspace folder: relative paths such as media/photo.jpg resolve against it."""
        url = QUrl.fromLocalFile(str(folder).rstrip("/") + "/") if folder else QUrl()
        if url != self._base_url:
            self._base_url = url
            self._shown_skeleton = None  # the next render loads the page afresh
            if self._text is not None:
                self._text.document().setBaseUrl(url)

    def show_item(self, item: Item | None) -> None:
        """Render `item` about 150 ms after the last call, so typing does not render per key."""
        if item is None:
            self.clear()
            return
        self._item = item
        self._debounce.start()

    def render_now(self) -> None:
        """Skip the wait: render the item last given to show_item straight away."""
        self._debounce.stop()
        self._on_debounce_timeout()

    def clear(self) -> None:
        """Show nothing (no item selected)."""
        self._item = None
        self._debounce.stop()
        self._latest.cancel()
        self._queued = None
        self._loading = None
        self._forget_page()
        if self._web is not None:
            self._web.setHtml("<!doctype html><title></title>", self._base_url)
        elif self._text is not None:
            self._text.clear()

    def scroll_to_source_line(self, line: int) -> None:
        """Bring the part of the page made from body line `line` to the top, smoothly.

        Calls are coalesced: while the page is still answering one, only the newest counts.
        """
        self._synced_line = max(0, line)
        self._pending_scroll = self._synced_line
        if not self._scroll_timer.isActive():
            self._scroll_timer.start()

    def uses_web_engine(self) -> bool:
        return self._web is not None

    def web_view(self) -> QWebEngineView | None:
        """The QWebEngineView, or None when the simplified preview is in use."""
        return self._web

    def text_browser(self) -> QTextBrowser | None:
        return self._text

    def notice(self) -> str:
        """The message shown above the page ("" when none)."""
        return self._notice.text() if not self._notice.isHidden() else ""

    def run_javascript(self, script: str, callback: Callable[[object], None]) -> None:
        """Run a script against the preview page's DOM (tests read the page back with it)."""
        self._page().runJavaScript(script, _WORLD, callback)

    def _page(self) -> QWebEnginePage:
        if self._web is None:
            raise RuntimeError("The simplified preview runs no JavaScript")
        return self._web.page()

    # -- rendering -------------------------------------------------------------------

    @Slot()
    def _on_debounce_timeout(self) -> None:
        item = self._item
        if item is None:
            return
        render = self._page_renderer
        started = time.perf_counter()

        def work() -> _Rendered:
            if render is None:
                return _Rendered(render_process().call(render_for_preview, item), started)
            return _Rendered(prepare(render(item)), started)

        self._latest.submit(work, self._on_render_done, self._on_render_error)

    def _on_render_done(self, result: _Rendered) -> None:
        if self._text is not None:
            self._show_in_text_browser(result)
        elif self._loading is not None or self._applying:
            self._queued = result  # applied when the page being loaded or patched is ready
        elif result.rendered.article_json is not None and result.skeleton == self._shown_skeleton:
            self._update_in_place(result)
        else:
            self._load_page(result)

    def _on_render_error(self, error: BaseException) -> None:
        log.exception("Preview render failed", exc_info=error)
        self._show_notice(f"The preview could not be updated: {error}")
        self.render_failed.emit(str(error))

    def _show_notice(self, text: str) -> None:
        self._notice.setText(text)
        self._notice.show()

    def _load_page(self, result: _Rendered) -> None:
        self._forget_page()
        self._loading = result
        self.full_loads += 1

        def with_scroll(y: object) -> None:
            if self._loading is not result:
                return  # superseded (cleared) meanwhile
            self._scroll_after_load = float(y) if isinstance(y, int | float) else 0.0
            assert self._web is not None
            self._web.setHtml(self._loadable(result), self._base_url)

        # Ask where the reader is first, to put them back there on the new page.
        self._page().runJavaScript("window.scrollY", _WORLD, with_scroll)

    @staticmethod
    def _too_big(result: _Rendered) -> bool:
        return (
            result.rendered.article_json is not None
            and len(result.page.encode("utf-8")) > _SET_HTML_LIMIT
        )

    def _loadable(self, result: _Rendered) -> str:
        # Too big for setHtml: load the page around an empty article and fill that in after.
        return result.skeleton if self._too_big(result) else result.page

    @Slot(bool)
    def _on_view_load_finished(self, ok: bool) -> None:
        result, self._loading = self._loading, None
        if result is None:
            return
        if not ok:
            self._on_render_error(RuntimeError("the page did not load"))
            self._apply_queued()  # newer than the page that failed; left, it would come late
            return
        self._shown_skeleton = result.skeleton
        if self._synced_line:
            self._page().runJavaScript(_SCROLL_JS % (self._synced_line, "false"), _WORLD, _ignore)
        elif self._scroll_after_load:
            self._page().runJavaScript(
                f"window.scrollTo(0, {self._scroll_after_load})", _WORLD, _ignore
            )
        if self._too_big(result):
            self._update_in_place(result)  # the queued result follows once it is in
        else:
            self._finished(result)
            self._apply_queued()

    def _update_in_place(self, result: _Rendered) -> None:
        shown, body = self._shown_body, result.rendered.body
        script = patch_script(shown, body) if shown is not None and body is not None else None
        patched = script is not None
        if script is None:
            # The article arrives as JSON already (made off the GUI thread): a string literal.
            script = _UPDATE_JS % (result.rendered.article_json, _js_string(result.rendered.title))
        generation = self._generation
        self._applying = True

        def done(ok: object) -> None:
            if generation != self._generation:
                return  # the page was cleared or reloaded meanwhile
            self._applying = False
            if ok is True:
                self.patches += patched
                self._finished(result)
            elif patched:
                self._shown_body = None
                self._update_in_place(result)  # not the body we thought: send it whole
                return
            elif self._loading is None:
                self._load_page(result)  # the page was not what we thought: load it afresh
            self._apply_queued()

        self._page().runJavaScript(script, _WORLD, done)

    def _apply_queued(self) -> None:
        queued, self._queued = self._queued, None
        if queued is not None:
            self._on_render_done(queued)

    def _forget_page(self) -> None:
        """The page is about to be replaced: nothing of what it shows can be patched."""
        self._generation += 1
        self._applying = False
        self._shown_skeleton = None
        self._shown_body = None

    def _show_in_text_browser(self, result: _Rendered) -> None:
        assert self._text is not None
        bar = self._text.verticalScrollBar()
        position = bar.value()
        self._text.setHtml(result.page)
        bar.setValue(position)
        self._finished(result)

    def _finished(self, result: _Rendered) -> None:
        elapsed = (time.perf_counter() - result.started) * 1000
        self.render_count += 1
        self.last_render_ms = elapsed
        self._shown_body = result.rendered.body
        if self.notice().startswith("The preview could not"):
            self._notice.hide()
        self.rendered.emit(elapsed)

    @Slot(object, int)
    def _on_page_render_process_terminated(self, _status: object, _code: int) -> None:
        # The page's renderer died (out of memory, a crash): load afresh on the next render.
        # A result waiting for the page is older than that render: applied after it, it
        # would bring back text the editor no longer holds.
        self._forget_page()
        self._loading = None
        self._queued = None
        if self._item is not None:
            self._debounce.start()

    # -- scrolling -------------------------------------------------------------------

    @Slot()
    def _on_scroll_timer_timeout(self) -> None:
        line, self._pending_scroll = self._pending_scroll, None
        if line is None:
            return
        if self._text is not None:
            self._scroll_text_browser(line)
        elif self._scroll_busy:
            self._pending_scroll = line  # sent when the page has answered the last one
        else:
            self._scroll_busy = True
            self._page().runJavaScript(_SCROLL_JS % (line, "true"), _WORLD, self._on_scrolled)

    def _on_scrolled(self, _y: object) -> None:
        self._scroll_busy = False
        if self._pending_scroll is not None:
            self._scroll_timer.start()

    def _scroll_text_browser(self, line: int) -> None:
        # QTextBrowser drops data-source-line: go by the share of the body above `line`.
        assert self._text is not None
        lines = self._item.body.count("\n") + 1 if self._item is not None else 1
        bar = self._text.verticalScrollBar()
        bar.setValue(round(bar.maximum() * min(1.0, line / max(1, lines))))

    # -- links -----------------------------------------------------------------------

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in _EXTERNAL_SCHEMES:
            self.open_external(url)
