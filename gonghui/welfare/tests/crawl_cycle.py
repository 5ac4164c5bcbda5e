"""Crawler declarations of 困难职工帮扶 — part `cycle` (routes of `views/cycle.py`)."""
