"""Crawler declarations of part courses (its parameterised routes)."""
