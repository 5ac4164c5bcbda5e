"""Forms of part events."""
