"""Forms of part stats."""
