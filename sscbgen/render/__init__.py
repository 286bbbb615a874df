"""Renderers: Site -> {path in the build: bytes}, all in memory."""
