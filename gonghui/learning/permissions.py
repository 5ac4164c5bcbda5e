"""Who may do what in 学习培训. A union's admin and staff hold `learning.view` and `learning.manage` on their union:
courses and lessons, training classes (and nominating their own cadres under the seats given to them), answering
the 业务指导 questions addressed to their union; the auditor holds `learning.view`. A cadre asks the union above
through 业务指导 with `learning.view` on their own union, and every holder of `learning.view` reads the 业务知识库.
Members study on the portal for themselves; cadre courses are shown to members who hold a console role."""

from typing import Any

from gonghui.accounts.scoping import has_action

VIEW = "learning.view"
MANAGE = "learning.manage"


def can_manage_for(user: Any, org: Any) -> bool:
    return has_action(user, MANAGE, org)
