"""Crawler declarations of 疗休养 programmes, batches, places — part `recuperation` (routes of `views/recuperation.py`)."""
