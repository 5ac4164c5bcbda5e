"""Services of part design."""
