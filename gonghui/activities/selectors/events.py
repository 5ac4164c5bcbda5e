"""Selectors of part events — activities: the list, create/edit/publish/cancel, budget and spending, export, statistics by union, kind and month."""
