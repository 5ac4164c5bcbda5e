"""Registrations of part projects: 课题 after 立项: 中期检查, 结项 with outputs and a rating, 撤项, survey results
attached to the report, the registry by year and topic with export. The attachment access check of a project's
files (application and research files alike): whoever sees the project opens them."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.attachments.policies import attachment_access

    from ..selectors.projects import user_sees_project

    if "surveys.researchproject" not in attachment_access:
        attachment_access.register("surveys.researchproject", user_sees_project)
