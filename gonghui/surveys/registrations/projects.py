"""Registrations of part projects: 课题 after 立项: 中期检查, 结项 with outputs and a rating, 撤项, survey results attached to the report, the registry by year and topic with export."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
