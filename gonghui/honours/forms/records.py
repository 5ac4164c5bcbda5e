"""Forms of 评选表彰 — part `records`."""
