"""Registrations of part report: 提案公开与报告: publication of proposals and replies to the unit's staff, the congress report (counts, 立案率, 按期答复率, 满意率) as PDF, 优秀提案 and 承办先进单位 through the reviews block."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
