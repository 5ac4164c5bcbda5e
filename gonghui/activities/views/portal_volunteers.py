"""Portal (member) views of part volunteers."""
