"""Writes of 评选表彰 — part `studios`."""
