"""网上答题 models."""
