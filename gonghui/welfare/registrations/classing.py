"""Registrations of 困难职工帮扶 — part `classing`."""


def register() -> None:
    return None
