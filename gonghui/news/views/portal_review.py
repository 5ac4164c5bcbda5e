"""Portal (member) views of part review (375 px first)."""
