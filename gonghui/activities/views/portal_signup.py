"""Portal (member) views of part signup."""
