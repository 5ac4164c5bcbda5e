"""Selectors of part articles."""
