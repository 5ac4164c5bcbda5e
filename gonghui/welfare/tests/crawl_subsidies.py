"""Crawler declarations of subsidies to grassroots unions — part `subsidies` (routes of `views/subsidies.py`)."""
