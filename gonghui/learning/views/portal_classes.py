"""Portal (member) views of part classes (375 px first)."""
