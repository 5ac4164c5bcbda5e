"""Registrations of 评选表彰 — part `homes`."""


def register() -> None:
    pass
