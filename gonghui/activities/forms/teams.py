"""Forms of part teams."""
