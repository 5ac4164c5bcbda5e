"""Services of part answering."""
