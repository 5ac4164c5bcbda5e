"""Selectors of part reading."""
