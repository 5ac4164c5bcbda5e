"""One module per part: congress, sessions, proposals, report, disclosures, contracts, elections."""
