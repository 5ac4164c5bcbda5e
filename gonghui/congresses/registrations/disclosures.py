"""Registrations of part disclosures (校务公开): the attachment access check of a disclosure's files (cadres who see
the disclosure; the unit's staff once it is published)."""

ATTACHMENT_OWNER = "congresses.disclosure"


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.attachments.policies import attachment_access

    from ..selectors.disclosures import user_may_download

    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, user_may_download)
