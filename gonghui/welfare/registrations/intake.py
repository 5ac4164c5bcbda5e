"""Registrations of 困难职工帮扶 — part `intake`."""


def register() -> None:
    return None
