"""Registrations of 竞赛 — part `results`."""


def register() -> None:
    return None
