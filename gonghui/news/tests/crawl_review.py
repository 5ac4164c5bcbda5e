"""Crawler declarations of part review (its parameterised routes)."""
