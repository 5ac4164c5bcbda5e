"""Registrations of part exercise (registries of the core, check-in targets, certificate kinds, 公示 owners, portal
tiles and cards, 我的办理 sources, scheduled jobs …)."""


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
