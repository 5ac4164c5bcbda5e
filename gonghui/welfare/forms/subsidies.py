"""Forms of subsidies to grassroots unions (part `subsidies`)."""
