"""Registrations of part classes: 干部培训班: classes, sessions (check-in targets), seats per union (quotas), nomination and admission, attendance, hours, assessment, certificates, the yearly hours report per cadre and per union."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
