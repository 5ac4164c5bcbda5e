"""Console views of part results."""
