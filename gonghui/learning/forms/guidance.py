"""Forms of part guidance."""
