"""Registrations of part sessions: 会议: sessions (次, agenda, documents, proposal window), attendance by check-in code and the live quorum, motions (open counts or secret ballot on the anonymous-response store), resolutions published, extraordinary-session petitions."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
