"""Part assessing."""
