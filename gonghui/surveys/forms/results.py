"""Forms of part results."""
