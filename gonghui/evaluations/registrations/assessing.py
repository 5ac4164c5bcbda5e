"""What part assessing registers."""


def register() -> None:
    pass
