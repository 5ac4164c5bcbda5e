"""Console views of part reading."""
