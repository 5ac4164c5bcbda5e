"""Registrations of 慰问 standards, payments and visits (part `condolences`)."""


def register() -> None:
    return None
