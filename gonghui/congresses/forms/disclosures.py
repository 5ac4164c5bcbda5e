"""Forms of part disclosures."""
