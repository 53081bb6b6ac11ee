"""Importing Markdown, calendars, feeds and bundles: pure readers, a plan, one apply."""
