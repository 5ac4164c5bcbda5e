"""Forms of members, one module per part: `registry`, `joining`, `transfers` (also corrections and the reason
of a refusal), `cards`. Shape only: the services check the rules."""
