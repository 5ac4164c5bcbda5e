"""Forms of part elections."""
