"""Who may do what in 困难职工帮扶. Family health, disability and income are the most sensitive data of the
platform (PIPL: of people who are not members, children among them), so the union's own admins and staff do not see
the files: only a **帮扶干事** (`welfare_officer`, granted on a union) reads (`welfare.view`) and handles
(`welfare.manage`) the files of its subtree, and reveals sealed fields with an audit row (`welfare.reveal`); the
union's admin, staff and auditor see counts only (`welfare.stats`, cells under `MIN_CELL` hidden). The member sees
their own application and its state on the portal."""

from typing import Any

from gonghui.accounts.scoping import action_paths, has_action
from gonghui.core.statistics import MIN_CELL as MIN_CELL  # the minimum cell, re-exported for this app
from gonghui.orgs.models import Org

from .models import HardshipFile

VIEW = "welfare.view"
MANAGE = "welfare.manage"
REVEAL = "welfare.reveal"
STATS = "welfare.stats"
OFFICER_ROLE = "welfare_officer"

# 送温暖、慰问与疗休养、普惠 (campaigns, subsidies, 慰问, 疗休养, offers) are the union's ordinary work: its admin and
# staff hold `welfare.care_view` and `welfare.care_manage` (paying still needs `ledger.manage` on the fund's union),
# its auditor `welfare.care_view`. A merchant is an outside account holding `welfare.redeem` on one offer only
# (an object grant of the role `offer_merchant`).
CARE_VIEW = "welfare.care_view"
CARE_MANAGE = "welfare.care_manage"
REDEEM = "welfare.redeem"
MERCHANT_ROLE = "offer_merchant"


def can_handle_file(user: Any, file: HardshipFile) -> bool:
    return has_action(user, MANAGE, file.org)


def can_reveal_file(user: Any, file: HardshipFile) -> bool:
    return has_action(user, REVEAL, file.org)


def can_manage_for(user: Any, org: Any) -> bool:
    """May the user enter applications, lines and aid for `org`?"""
    return has_action(user, MANAGE, org)


def review_path(org: Any) -> str:
    """The tree path of the union that reviews the files of `org` (审核, 公示, 建档): the union above it, or `org`
    itself at the root of the tree."""
    path: str = org.path
    return path[: -Org.steplen] if len(path) > Org.steplen else path


def can_review_file(user: Any, file: HardshipFile) -> bool:
    """审核, 公示, 建档 and 不予建档: `welfare.manage` on the union above the file's (on `file.org` at the root)."""
    path = review_path(file.org)
    return any(path.startswith(granted) for granted in action_paths(user, MANAGE))
