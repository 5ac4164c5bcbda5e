"""Registrations of 困难职工帮扶 — part `households`."""


def register() -> None:
    return None
