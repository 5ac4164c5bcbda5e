"""Crawler declarations of part profiles (its parameterised routes)."""
