"""Pages of orgs, one module per part: `tree` (the org tree and its departments), `founding` (建会)."""
