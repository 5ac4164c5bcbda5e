"""Portal (member) views of part browse: other members' profiles, interest, matches and contacts, blocks."""
