"""Forms of part browse."""
