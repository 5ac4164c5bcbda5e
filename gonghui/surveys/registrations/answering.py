"""Registrations of part answering: the member's pages on the portal: the surveys open to them, answering on the phone with skip logic (anonymous through the anonymous-response store with the draft only on the device; named as a resumable SurveyResponse), receipts, 待填写 and 我的办理."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
