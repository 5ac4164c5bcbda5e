"""One module per part: congress, sessions, proposals, report, disclosures, contracts, elections (console); portal_<part>.py for the member pages."""
