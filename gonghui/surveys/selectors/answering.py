"""Selectors of part answering."""
