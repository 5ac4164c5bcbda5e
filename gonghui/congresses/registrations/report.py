"""Registrations of part report: 提案公开与报告. Nothing to register: the report's review round is owned by the
session (`CongressSession.get_absolute_url` is the reviews pages' way back), the published list is reached from the
民主管理 hub on the portal, and a published proposal opens on the proposals part's portal page."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
