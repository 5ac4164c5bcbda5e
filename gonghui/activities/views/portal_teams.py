"""Portal (member) views of part teams."""
