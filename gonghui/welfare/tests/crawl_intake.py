"""Crawler declarations of 困难职工帮扶 — part `intake` (routes of `views/intake.py`)."""
