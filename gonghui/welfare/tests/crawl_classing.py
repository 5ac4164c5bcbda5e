"""Crawler declarations of 困难职工帮扶 — part `classing` (routes of `views/classing.py`)."""
