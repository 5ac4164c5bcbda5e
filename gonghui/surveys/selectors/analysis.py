"""Selectors of part analysis."""
