"""Who may do what in 困难职工帮扶. Family health, disability and income are the most sensitive data of the
platform (PIPL: of people who are not members, children among them), so the union's own admins and staff do not see
the files: only a **帮扶干事** (`welfare_officer`, granted on a union) reads (`welfare.view`) and handles
(`welfare.manage`) the files of its subtree, and reveals sealed fields with an audit row (`welfare.reveal`); the
union's admin, staff and auditor see counts only (`welfare.stats`, cells under `MIN_CELL` hidden). The member sees
their own application and its state on the portal."""

from typing import Any

from gonghui.accounts.scoping import has_action

from .models import HardshipFile

VIEW = "welfare.view"
MANAGE = "welfare.manage"
REVEAL = "welfare.reveal"
STATS = "welfare.stats"
OFFICER_ROLE = "welfare_officer"

# Aggregates about people never show a group under 10.
MIN_CELL = 10


def can_handle_file(user: Any, file: HardshipFile) -> bool:
    return has_action(user, MANAGE, file.org)


def can_reveal_file(user: Any, file: HardshipFile) -> bool:
    return has_action(user, REVEAL, file.org)


def can_manage_for(user: Any, org: Any) -> bool:
    """May the user enter applications, lines and aid for `org`?"""
    return has_action(user, MANAGE, org)
