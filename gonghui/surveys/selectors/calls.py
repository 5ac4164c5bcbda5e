"""Selectors of part calls."""
