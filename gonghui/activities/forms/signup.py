"""Forms of part signup."""
