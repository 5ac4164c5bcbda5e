"""Services of part projects."""
