"""Crawler declarations of 评选表彰 — part `naming`."""
