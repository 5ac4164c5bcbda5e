"""Registrations of part contracts: 集体协商与集体合同: negotiations and meetings, contracts (综合/工资专项/女职工专项), congress approval, filing and objection dates, renewal reminders, 建制率 per subtree."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
