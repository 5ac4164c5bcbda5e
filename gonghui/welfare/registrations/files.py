"""Registrations of 困难职工帮扶 — part `files`."""


def register() -> None:
    return None
