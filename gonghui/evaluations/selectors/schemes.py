"""Part schemes."""
