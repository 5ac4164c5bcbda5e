"""Selectors of part classes."""
