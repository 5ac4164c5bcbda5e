"""Selectors of part guidance."""
