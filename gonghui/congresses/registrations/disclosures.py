"""Registrations of part disclosures: 校务公开: items a unit discloses to its staff with read receipts, the yearly checklist and its gaps."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
