"""Crawler declarations of 送温暖 and 慰问金 campaigns — part `relief` (routes of `views/relief.py` and
`views/portal_relief.py`). Org A's admin sets up a 慰问金 budget line of org A's fund, a campaign being prepared
(甲县第一中学2026年春节送温暖: one person 待发放, for 修改 / 添加 / 导入 / 剔除) and a campaign approved by a second
admin of org A and paid (甲县第一中学援鄂医疗队慰问: 甲会员 among the people, for 冲销, the bank file, the results
and 甲会员's receipt on the portal). Org B's admin: 404 on both."""

from decimal import Decimal

from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.ledger.choices import FundKind
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.members.models import MemberTag
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.services.relief import (
    relief_approve,
    relief_campaign_create,
    relief_pay_all,
    relief_recipients_add_by_tag,
    relief_submit,
)

DRAFT = "甲县第一中学2026年春节送温暖"
PAID = "甲县第一中学援鄂医疗队慰问"


@build_world("welfare_relief")
def _relief_world(world):
    admin = world.org_admin
    approver = UserFactory.create(username="rlf_approver", name="甲县第一中学工会副主席")
    RoleGrantFactory.create(user=approver, role="union_admin", org=world.org_a)
    forget_grants(approver)
    fund = fund_create(
        org=world.org_a, kind=FundKind.OWN, name="甲县第一中学慰问经费", year=2026, actor=admin
    )
    line = budget_line_set(fund=fund, purpose="送温暖慰问", amount=Decimal("20000"), actor=admin)
    team = MemberTag.objects.create(name="甲县援鄂医疗队")
    winter = MemberTag.objects.create(name="甲县春节困难会员")
    world.member_a.tags.add(team)
    MemberFactory.create(org=world.org_a, name="甲县医护一").tags.add(team)
    MemberFactory.create(org=world.org_a, name="甲县困难会员一").tags.add(winter)
    draft = relief_campaign_create(
        org=world.org_a, actor=admin, name=DRAFT, year=2026, budget_line=line, fixed_amount=Decimal("500")
    )
    relief_recipients_add_by_tag(campaign=draft, actor=admin, tag=winter.name)
    paid = relief_campaign_create(
        org=world.org_a, actor=admin, name=PAID, year=2026, budget_line=line, fixed_amount=Decimal("1000")
    )
    relief_recipients_add_by_tag(campaign=paid, actor=admin, tag=team.name)
    relief_submit(campaign=paid, actor=admin)
    relief_approve(campaign=paid, actor=approver)
    relief_pay_all(campaign=paid, actor=admin)
    world.extra["relief_draft"] = draft
    world.extra["relief_paid"] = paid
    world.extra["relief_pending"] = draft.recipients.get()
    world.extra["relief_member_a"] = paid.recipients.get(member=world.member_a)
    world.extra.setdefault("markers", []).extend([DRAFT, PAID])


def _draft(world):
    return {"campaign_id": world.extra["relief_draft"].pk}


def _paid(world):
    return {"campaign_id": world.extra["relief_paid"].pk}


for name in ("welfare:relief_detail", "welfare:relief_edit", "welfare:relief_recipients_add"):
    declare(CrawlRoute(name, params=_draft))
for name in ("welfare:relief_recipients_import", "welfare:relief_submit"):
    declare(CrawlRoute(name, params=_draft))
for name in (
    "welfare:relief_return",
    "welfare:relief_approve",
    "welfare:relief_pay",
    "welfare:relief_bank_file",
    "welfare:relief_results",
    "welfare:relief_close",
):
    declare(CrawlRoute(name, params=_paid))
declare(
    CrawlRoute("welfare:relief_reverse", params=lambda w: {"recipient_id": w.extra["relief_member_a"].pk})
)
declare(CrawlRoute("welfare:relief_exclude", params=lambda w: {"recipient_id": w.extra["relief_pending"].pk}))
declare(CrawlRoute("welfare_portal:relief_mine", kind="portal"))
declare(
    CrawlRoute(
        "welfare_portal:relief_receipt",
        kind="portal",
        params=lambda w: {"public_id": w.extra["relief_member_a"].public_id},
    )
)
