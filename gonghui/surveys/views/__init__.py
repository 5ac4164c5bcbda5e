"""One module per part; portal_<part> modules hold the member pages."""
