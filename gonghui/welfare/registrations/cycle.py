"""Registrations of 困难职工帮扶 — part `cycle`."""


def register() -> None:
    return None
