"""Registrations of 评选表彰 — part `records`."""


def register() -> None:
    pass
