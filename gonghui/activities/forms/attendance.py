"""Forms of part attendance."""
