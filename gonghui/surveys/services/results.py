"""Services of part results."""
