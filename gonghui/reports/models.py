"""报送 models."""
