"""Portal (member) views of part guidance (375 px first)."""
