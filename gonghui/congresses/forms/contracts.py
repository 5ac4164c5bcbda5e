"""Forms of part contracts."""
