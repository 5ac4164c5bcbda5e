"""One module per part: events, signup, attendance, teams, exercise, volunteers."""
