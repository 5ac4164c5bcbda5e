"""Portal (member) views of part events."""
