"""Registrations of 评选表彰 — part `nominations`."""


def register() -> None:
    pass
