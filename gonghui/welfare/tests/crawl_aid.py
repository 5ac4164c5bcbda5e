"""Crawler declarations of 困难职工帮扶 — part `aid` (routes of `views/aid.py`)."""
