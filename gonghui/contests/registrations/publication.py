"""Registrations of 竞赛 — part `publication`."""


def register() -> None:
    return None
