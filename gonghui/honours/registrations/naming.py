"""Registrations of 评选表彰 — part `naming`."""


def register() -> None:
    pass
