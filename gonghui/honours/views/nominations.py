"""Pages of 评选表彰 — part `nominations`."""
