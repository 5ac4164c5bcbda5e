"""Crawler declarations of part reading (its parameterised routes)."""
