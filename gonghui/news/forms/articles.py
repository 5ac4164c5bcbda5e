"""Forms of part articles."""
