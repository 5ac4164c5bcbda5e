"""Forms of part volunteers."""
