"""Crawler declarations of part moderation (its parameterised routes)."""
