"""Services of part calls."""
