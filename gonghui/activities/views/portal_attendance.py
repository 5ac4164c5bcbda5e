"""Portal (member) views of part attendance."""
