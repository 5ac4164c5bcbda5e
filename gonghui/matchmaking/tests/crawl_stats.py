"""Crawler declarations of part stats (its parameterised routes)."""
