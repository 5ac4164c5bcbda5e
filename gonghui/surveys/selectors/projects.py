"""Selectors of part projects."""
