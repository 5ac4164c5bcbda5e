"""Registrations of part guidance: 业务指导: questions from grassroots cadres to the union above, answers, and the searchable 业务知识库 of shared answers with the asker anonymised."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
