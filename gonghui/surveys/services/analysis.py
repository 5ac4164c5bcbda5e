"""Services of part analysis."""
