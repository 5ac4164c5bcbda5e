"""Part reports."""
