"""Forms of part review."""
