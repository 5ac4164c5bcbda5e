"""Crawler declarations of part classes (its parameterised routes)."""
