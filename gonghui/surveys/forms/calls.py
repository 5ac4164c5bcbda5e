"""Forms of part calls."""
