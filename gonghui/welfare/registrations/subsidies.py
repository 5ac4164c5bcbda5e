"""Registrations of subsidies to grassroots unions (part `subsidies`)."""


def register() -> None:
    return None
