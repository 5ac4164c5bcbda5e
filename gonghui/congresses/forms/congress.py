"""Forms of part congress."""
