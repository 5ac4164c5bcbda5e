"""Registrations of 竞赛 — part `library` (portal tile, the read-count flush job, the API router)."""


def register() -> None:
    return None
