"""Registrations of 困难职工帮扶 — part `aid`."""


def register() -> None:
    return None
