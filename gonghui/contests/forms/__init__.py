"""Forms of 竞赛, one module per part (as views). Shape only: the services check the rules."""
