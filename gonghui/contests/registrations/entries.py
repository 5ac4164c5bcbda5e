"""Registrations of 竞赛 — part `entries`."""


def register() -> None:
    return None
