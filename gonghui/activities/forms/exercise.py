"""Forms of part exercise."""
