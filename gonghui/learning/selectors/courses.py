"""Selectors of part courses."""
