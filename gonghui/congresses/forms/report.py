"""Forms of part report."""
