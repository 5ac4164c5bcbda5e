"""Who may do what in 问卷调查与课题研究. A union's admin and staff hold `surveys.view` and `surveys.manage` on their
union: surveys (design, publish, remind, close), results and exports, the 诉求与思想状况分析, 课题申报 calls of their
union and their union's own applications and reports to a call from above; the auditor holds `surveys.view`
(results are aggregates with a minimum cell of ten, named answers are shown only with `surveys.manage`). Members
answer the surveys whose population holds them, on the portal."""

from typing import Any

from gonghui.accounts.scoping import has_action

VIEW = "surveys.view"
MANAGE = "surveys.manage"


def can_manage_for(user: Any, org: Any) -> bool:
    return has_action(user, MANAGE, org)
