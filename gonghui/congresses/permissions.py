"""Who may do what in 民主管理. A union's admin and staff hold `congresses.view` and `congresses.manage` on their
union: its congresses, delegates, sessions, motions, the 提案工作委员会's work on proposals (review, assignment,
replies, publication, report), 校务公开, collective negotiations and contracts, and 换届; the unions above see (and
the auditor reads) the same through `congresses.view` — the 二级教代会 coverage and 建制率 boards are theirs. Members
act on the portal: a delegate submits and seconds proposals of their own congress, rates the replies to their own,
signs petitions and votes in secret ballots; the staff of a unit read its published proposals, replies, resolutions
and disclosures."""

from typing import Any

from gonghui.accounts.scoping import has_action

VIEW = "congresses.view"
MANAGE = "congresses.manage"


def can_manage_for(user: Any, org: Any) -> bool:
    return has_action(user, MANAGE, org)
