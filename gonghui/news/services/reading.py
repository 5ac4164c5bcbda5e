"""Services of part reading."""
