"""Reads of subsidies to grassroots unions (part `subsidies`)."""
