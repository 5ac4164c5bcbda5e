"""Registrations of part congress: 代表大会: congresses per unit (教代会/职代会 or 大会 mode), terms, rules, delegations, delegates with the composition checks, 主席团, 二级教（职）代会 coverage board, the portal home 民主管理, session reminders."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
