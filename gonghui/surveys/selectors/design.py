"""Selectors of part design."""
