"""Crawler declarations of 困难职工帮扶 — part `households` (routes of `views/households.py`)."""
