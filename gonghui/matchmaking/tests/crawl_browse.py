"""Crawler declarations of part browse (its parameterised routes)."""
