"""Portal (member) views of part articles (375 px first)."""
