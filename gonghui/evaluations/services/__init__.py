"""Writes, one module per part."""
