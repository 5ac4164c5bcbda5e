"""Services of part guidance."""
