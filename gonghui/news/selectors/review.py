"""Selectors of part review."""
