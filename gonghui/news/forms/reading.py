"""Forms of part reading."""
