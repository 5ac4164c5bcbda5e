"""Registrations of 普惠 offers and their redemption (part `offers`)."""


def register() -> None:
    return None
