"""Forms of part classes."""
