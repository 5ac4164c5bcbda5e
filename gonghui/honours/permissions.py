"""Who may do what in 评选表彰与劳模工匠. `honours.view` reads the campaigns, nominations, honour records, the
劳模/工匠 registry, studios and 建家 assessments of the user's subtrees (and the running campaigns of the unions
above, which they nominate to); `honours.manage` on a campaign's union runs it (stages, review, meeting, 公示,
naming, rewards); `honours.manage` on a union nominates for it, keeps its registry, applies for its studios and
fills its 建家 self-check; `honours.manage` on the union above a nominating union reviews its nominations (县区审核)."""

from typing import Any

from gonghui.accounts.scoping import has_action

from .models import HonourCampaign, Nomination

VIEW = "honours.view"
MANAGE = "honours.manage"


def can_run_campaign(user: Any, campaign: HonourCampaign) -> bool:
    return has_action(user, MANAGE, campaign.org)


def can_nominate_for(user: Any, org: Any) -> bool:
    """May the user nominate for `org` (填写、提交、撤回推荐)?"""
    return has_action(user, MANAGE, org)


def can_handle_nomination(user: Any, nomination: Nomination) -> bool:
    return has_action(user, MANAGE, nomination.nominating_org)


def can_manage_for(user: Any, org: Any) -> bool:
    """May the user keep `org`'s records (荣誉登记, 劳模工匠, 创新工作室, 建家)?"""
    return has_action(user, MANAGE, org)
