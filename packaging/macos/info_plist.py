"""The Info.plist of Noticeboard.app, used by the BUNDLE step of packaging/noticeboard.spec.

PyInstaller writes CFBundleIdentifier, CFBundleName and the icon itself; these are the
keys it does not know: the version (from pyproject.toml), high-DPI drawing, and the
document type that lets Finder open a bundle (a zip) in the review window.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from release_files import project_version


def info_plist() -> dict[str, Any]:
    version = project_version()
    return {
        "CFBundleDisplayName": "Noticeboard",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "12.0",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        "NSSupportsAutomaticGraphicsSwitching": True,
        "NSHumanReadableCopyright": "The Noticeboard developers. MIT licence.",
        # A bundle is a zip, and macOS types files by their last extension: Noticeboard is
        # offered in Finder's "Open With" for zip archives (opening the review window),
        # without becoming the default program for every zip.
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "Noticeboard bundle",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.zip-archive"],
            },
        ],
    }
