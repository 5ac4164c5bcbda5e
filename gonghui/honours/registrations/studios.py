"""Registrations of 评选表彰 — part `studios`."""


def register() -> None:
    pass
