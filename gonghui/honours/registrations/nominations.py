"""Registrations of 评选表彰 — part `nominations`: the attachment access check of a nomination's materials (whoever
sees the nomination opens them)."""


def register() -> None:
    from gonghui.attachments.policies import attachment_access

    from ..selectors.nominations import user_sees_nomination

    if "honours.nomination" not in attachment_access:
        attachment_access.register("honours.nomination", user_sees_nomination)
