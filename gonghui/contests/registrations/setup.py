"""Registrations of 竞赛 — part `setup`: contests as grantable objects of 外部账号授权 (the menu entry is
registered in apps.py)."""


def register() -> None:
    from ..object_grants import register_object_grants

    register_object_grants()
