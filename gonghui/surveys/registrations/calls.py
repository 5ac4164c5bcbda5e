"""Registrations of part calls: 课题申报: calls (guide, topics, window, budget cap), applications (team, plan, budget) by the unions below, review through the reviews block, 立项 with a project number or 不予立项.

The attachments of an application (申报书扫描件, 前期成果 …; later the 结项 materials of part projects) are opened by
whoever sees the application: its union's subtree and the unions above it (the call's union among them)."""

from typing import Any


def _sees_application(user: Any, project: Any) -> bool:
    from django.http import Http404

    from ..selectors.calls import application_or_404

    if not getattr(user, "is_authenticated", False):
        return False
    try:
        application_or_404(user, project.public_id)
    except Http404:
        return False
    return True


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.attachments.policies import attachment_access

    if "surveys.researchproject" not in attachment_access:
        attachment_access.register("surveys.researchproject", _sees_application)
