"""Services of part browse: browsing other active profiles with filters, interest, mutual interest and the contact reveal, blocks."""
