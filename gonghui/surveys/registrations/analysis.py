"""Registrations of part analysis: the periodic 职工诉求与思想状况分析: drafted from the period's survey results and 诉求 statistics, edited by a person, issued, PDF."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
