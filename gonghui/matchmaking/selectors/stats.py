"""Selectors of part stats: cadres' counts per subtree with minimum cells (page, export, API, notification texts) and the activities audience of opted-in single members with its invitations."""
