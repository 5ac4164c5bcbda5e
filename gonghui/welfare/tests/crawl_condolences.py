"""Crawler declarations of 慰问 standards, payments and visits — part `condolences` (routes of `views/condolences.py`)."""
