"""Crawler declarations of part guidance (its parameterised routes)."""
