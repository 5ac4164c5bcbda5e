"""工作要点 models."""
