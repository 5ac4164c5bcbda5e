"""Who may do what in 量化评价. A union's admin and staff hold `evaluations.view` and `evaluations.manage` on their
union: they keep its schemes, run its rounds (targets, dates, recomputation, 复核 replies, freezing, 公示, the
results 公文), and — on a round where their union is a target — fill its 自评 with evidence and ask for 复核. The
unions above see the same through `evaluations.view`, the auditor reads it. Assessors score manual indicators as
judges (`reviews.Judge` rows of the round's review round), whatever their org."""

from typing import Any

from gonghui.accounts.scoping import has_action

VIEW = "evaluations.view"
MANAGE = "evaluations.manage"


def can_manage_for(user: Any, org: Any) -> bool:
    return has_action(user, MANAGE, org)
