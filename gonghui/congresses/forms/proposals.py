"""Forms of part proposals."""
