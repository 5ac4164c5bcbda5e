"""Registrations of part review: the content review (意识形态审核): submission, the review levels (三审 by default) by different people, publication after the last level, return, withdrawal with a reason, the review policy and the city union's sensitive-word list."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
