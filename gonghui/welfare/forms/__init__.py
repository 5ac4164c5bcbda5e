"""Forms of 困难职工帮扶, one module per part."""
