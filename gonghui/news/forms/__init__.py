"""Forms of 宣传, one module per part."""
