"""Registrations of 评选表彰 — part `workers`."""


def register() -> None:
    pass
