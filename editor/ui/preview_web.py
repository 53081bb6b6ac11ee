"""The Qt WebEngine half of the preview: an offline, inert web view.

Imported only when WebEngine can load (preview.py falls back to QTextBrowser otherwise).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"file", "data", "blob", "about"})

LinkOpener = Callable[[QUrl], None]

_blocked: list[str] = []


def blocked_requests() -> list[str]:
    """URLs the preview refused to fetch in this session (the last 100), for tests and logs."""
    return list(_blocked)


class OfflineInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine: the preview works offline, leaks
    nothing (no tracking pixel learns that a draft exists), and shows what will be published
    under a CSP that loads nothing remote either."""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme().lower() not in ALLOWED_SCHEMES:
            info.block(True)
            _blocked.append(url.toString())
            del _blocked[:-100]


class PreviewPage(QWebEnginePage):
    """Never navigates away: links go to the system browser, everything else is refused."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject, open_link: LinkOpener) -> None:
        super().__init__(profile, parent)
        self._open_link = open_link

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if url.hasFragment() and _same_document(url, self.url()):
                return True  # an anchor in the page itself (#section)
            self._open_link(url)
            return False
        # Our own setHtml() arrives as "typed"; back/forward, reloads, form posts, redirects
        # and anything a page might try on its own are refused.
        return kind == QWebEnginePage.NavigationType.NavigationTypeTyped

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        # Qt's default prints these as Qt warnings; they are notes about the page (an image
        # the CSP refused, say), worth a debug log line and no more.
        log.debug("preview page console (%s) %s:%d: %s", level.name, source, line, message)

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        # target="_blank": catch the URL with a throw-away page and open it outside.
        return _LinkCatcher(self.profile(), self, self._open_link)


def _same_document(a: QUrl, b: QUrl) -> bool:
    return (a.scheme(), a.authority(), a.path(), a.query()) == (
        b.scheme(),
        b.authority(),
        b.path(),
        b.query(),
    )


class _LinkCatcher(QWebEnginePage):
    def __init__(self, profile: QWebEngineProfile, parent: QObject, open_link: LinkOpener) -> None:
        super().__init__(profile, parent)
        self._open_link = open_link

    def acceptNavigationRequest(
        self, url: QUrl | str, _kind: QWebEnginePage.NavigationType, _is_main_frame: bool
    ) -> bool:
        self._open_link(QUrl(url))
        self.deleteLater()
        return False


def _offline_profile(parent: QObject) -> QWebEngineProfile:
    """An off-the-record profile (nothing written to disk) that blocks all network access."""
    profile = QWebEngineProfile(parent)
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.setSpellCheckEnabled(False)
    return profile


class PreviewWebView(QWebEngineView):
    """The preview's web view; holds the Python objects Qt does not keep alive for us."""

    interceptor: OfflineInterceptor | None = None
    preview_page: PreviewPage | None = None


def make_preview_view(parent: QWidget, open_link: LinkOpener) -> PreviewWebView:
    """A QWebEngineView set up for the preview, with its own offline profile."""
    view = PreviewWebView(parent)
    # Created after the view, so that `parent` deletes it after the view and its page: a
    # profile that goes before its pages makes WebEngine complain (and misbehave).
    profile = _offline_profile(parent)
    # setUrlRequestInterceptor does not take ownership, and a collected Python interceptor
    # silently stops intercepting: the view keeps it.
    view.interceptor = OfflineInterceptor(profile)
    profile.setUrlRequestInterceptor(view.interceptor)
    page = PreviewPage(profile, view, open_link)
    view.preview_page = page
    view.setPage(page)
    settings = page.settings()
    attribute = QWebEngineSettings.WebAttribute
    # The page has no script of its own (its CSP forbids it); runJavaScript from the host
    # is not affected by this setting or by the CSP.
    settings.setAttribute(attribute.JavascriptEnabled, False)
    settings.setAttribute(attribute.NavigateOnDropEnabled, False)
    settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
    settings.setAttribute(attribute.PluginsEnabled, False)
    settings.setAttribute(attribute.ErrorPageEnabled, False)
    settings.setAttribute(attribute.FocusOnNavigationEnabled, False)
    settings.setAttribute(attribute.ScrollAnimatorEnabled, True)
    # The default menu offers Back, Reload, View source and Save page: none make sense here.
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    view.setAccessibleName("Preview page")
    return view
