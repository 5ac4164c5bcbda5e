"""Forms of 婚恋交友, one module per part."""
