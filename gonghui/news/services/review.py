"""Services of part review."""
