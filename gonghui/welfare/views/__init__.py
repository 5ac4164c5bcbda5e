"""Views of 困难职工帮扶, one module per part; `portal` holds the member's pages (part intake)."""
