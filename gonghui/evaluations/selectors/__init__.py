"""Reads, one module per part; scoping only through visible_to / get_visible_or_404."""
