"""Services of part classes."""
