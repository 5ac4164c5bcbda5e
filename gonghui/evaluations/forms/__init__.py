"""Forms, one module per part."""
