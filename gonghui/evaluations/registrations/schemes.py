"""What part schemes registers."""


def register() -> None:
    pass
