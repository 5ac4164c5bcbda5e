"""Services of part courses."""
