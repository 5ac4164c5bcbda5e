"""Crawler declarations of 评选表彰, one module per part (each declares the routes of its views module)."""

