"""Registrations of 宣传, one module per part, each called from the AppConfig."""
