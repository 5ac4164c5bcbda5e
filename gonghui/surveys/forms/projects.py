"""Forms of part projects."""
