"""Console views, one module per part."""
