"""Registrations of part courses: courses and lessons (图文, video, document), the member's study on the portal with server-side heartbeats, 90 % crediting, the course quiz, completion, hours and certificate, the open-courses API."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
