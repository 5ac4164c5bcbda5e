"""Registrations of part calls: 课题申报: calls (guide, topics, window, budget cap), applications (team, plan, budget) by the unions below, review through the reviews block, 立项 with a project number or 不予立项."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
