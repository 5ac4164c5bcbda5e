"""Forms of part courses."""
