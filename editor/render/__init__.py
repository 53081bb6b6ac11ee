"""Markdown and item pages as HTML: the one renderer behind both the preview and the export.

Pure Python, no Qt: the preview runs it off the GUI thread, the export in a worker or headless.
"""
