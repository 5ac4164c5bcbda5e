"""Registrations of 评选表彰 — part `homes`. Nothing to register: the 建家 assessment's round is a reviews round
owned by the assessment (the reviews pages read `ReviewRound.entries_by_hand` from its owner type), its self sheets
and evidence are the reviews block's, and its menu entry comes with the app's menu (apps.py)."""


def register() -> None:
    return None
