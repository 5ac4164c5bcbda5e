"""What part rounds registers."""


def register() -> None:
    pass
