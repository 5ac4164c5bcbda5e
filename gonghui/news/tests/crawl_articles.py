"""Crawler declarations of part articles (its parameterised routes)."""
