"""Portal (member) views of part moderation: reporting a profile and the report's receipt."""
