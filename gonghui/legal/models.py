"""法律服务 models."""
