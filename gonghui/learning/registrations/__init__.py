"""Registrations of 学习培训, one module per part, each called from the AppConfig."""
