"""Portal (member) views of part exercise."""
