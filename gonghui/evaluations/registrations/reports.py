"""What part reports registers."""


def register() -> None:
    pass
