"""Registrations of 疗休养 programmes, batches, places (part `recuperation`)."""


def register() -> None:
    return None
