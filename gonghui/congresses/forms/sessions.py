"""Forms of part sessions."""
