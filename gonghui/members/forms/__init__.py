"""Forms of members, one module per part: `registry`, `joining`, `transfers` (and the reason of a refusal),
`corrections`, `cards`. Shape only: the services check the rules."""
