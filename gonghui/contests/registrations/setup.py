"""Registrations of 竞赛 — part `setup`."""


def register() -> None:
    return None
