"""公文 models."""
