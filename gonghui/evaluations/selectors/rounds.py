"""Part rounds."""
