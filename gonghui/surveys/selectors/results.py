"""Selectors of part results."""
