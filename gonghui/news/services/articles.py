"""Services of part articles."""
