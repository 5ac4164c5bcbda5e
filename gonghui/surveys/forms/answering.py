"""Forms of part answering."""
