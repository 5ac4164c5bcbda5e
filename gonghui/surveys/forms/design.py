"""Forms of part design."""
