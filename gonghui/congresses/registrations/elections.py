"""Registrations of part elections: 换届: term reminders before a union's term ends, the 换届 record (请示, 批复, 选举, 批复选举结果, new committees), overdue-term lists per subtree."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
