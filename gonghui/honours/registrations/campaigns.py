"""Registrations of 评选表彰 — part `campaigns`."""


def register() -> None:
    pass
