"""Crawler declarations of 困难职工帮扶 — part `files` (routes of `views/files.py`)."""
