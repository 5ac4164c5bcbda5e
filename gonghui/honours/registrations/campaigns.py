"""Registrations of 评选表彰 — part `campaigns`: nothing to register (the menu entry is in apps.py; the campaign's
quota set and 公示 are owned through the quotas and notices blocks' generic owner fields, and the 公示 kind is
registered by part `naming`)."""


def register() -> None:
    pass
