"""网上维权 models."""
