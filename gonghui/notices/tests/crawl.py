"""Crawler declarations for 公示管理 and the member's 公示 pages. Org A's and org B's admins are made 公示管理员 of
their unions; org A publishes a 公示 (audience: org A's subtree) with an anonymous objection by org A's member, who
leaves a contact; a second 公示 of org A stays a draft (its edit and publish pages)."""

from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.notices.services import EntryInput

from .factories import make_notice, make_objection


@build_world("notices")
def _notices_world(world):
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=OFFICER_ROLE, org=world.org_b)
    forget_grants(world.org_admin)  # another builder may have asked for its grants already
    entries = [EntryInput(name="甲公示对象", unit="甲县第一中学", reason="优秀工会积极分子")]
    notice = make_notice(org=world.org_a, actor=world.org_admin, title="甲单位评优公示", entries=entries)
    draft = make_notice(
        org=world.org_a, actor=world.org_admin, title="甲单位经费公示草稿", entries=entries, publish=False
    )
    objection = make_objection(
        notice=notice,
        user=world.org_member,
        entry=notice.entries.first(),
        anonymous=True,
        contact="13955556666",
    )
    world.extra.update(gongshi_a=notice, gongshi_draft_a=draft, gongshi_objection_a=objection)
    world.extra.setdefault("markers", []).extend(["甲单位评优公示", "甲公示对象"])


def _notice(w):
    return {"public_id": w.extra["gongshi_a"].public_id}


def _draft(w):
    return {"public_id": w.extra["gongshi_draft_a"].public_id}


def _objection(w):
    return {"public_id": w.extra["gongshi_objection_a"].public_id}


for name in ("notices:detail", "notices:print", "notices:cancel"):
    declare(CrawlRoute(name, params=_notice))
for name in ("notices:edit", "notices:publish"):
    declare(CrawlRoute(name, params=_draft))
for name in ("notices:objection_answer", "notices:objection_reveal"):
    declare(CrawlRoute(name, params=_objection))
# the member's pages: the 公示 addressed to their union, and their own objection
declare(CrawlRoute("notices:portal_list", kind="portal"))
declare(CrawlRoute("notices:portal_detail", kind="portal", params=_notice))
declare(CrawlRoute("notices:my_objection", kind="portal", params=_objection))
