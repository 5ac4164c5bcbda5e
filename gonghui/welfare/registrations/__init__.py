"""What each part of 困难职工帮扶 registers with the shared blocks (called from `apps.py`)."""
