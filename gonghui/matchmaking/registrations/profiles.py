"""Registrations of part profiles: joining (单身 declared, 承诺 signed), the profile and what it shows, the photo, the contact, withdrawal and the erasure job."""


def register() -> None:
    """Called once from MatchmakingConfig.ready()."""
