"""Views of 网上维权: `desk` (the console's case desk, statistics, categories, designations) and `portal` (the
member's own cases)."""
