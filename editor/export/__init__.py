"""Publish-ready bundles: pure builders (content -> {relative path: bytes}) and one writer."""
