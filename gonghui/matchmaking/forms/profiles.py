"""Forms of part profiles."""
