"""Forms of part analysis."""
