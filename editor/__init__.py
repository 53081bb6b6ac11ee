"""Noticeboard: draft announcements and events, preview them, export publish-ready bundles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("noticeboard")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
