"""Crawler declarations of 困难职工帮扶 — part `cycle` (routes of `views/cycle.py`). 年度复核, 脱困 and 注销 are
pages of the world's filed file (org A's member's); the follow-up page needs a 脱困 household of org A: the builder
files one for another member of org A (甲脱困会员) and lifts it, which makes its 3- and 12-month follow-ups. Org A's
admin, 帮扶干事 of 甲县, reaches them; org A's plain member is refused (no console); org B's admin gets 404.
复核与回访 and 帮扶统计 take no parameters (scoped console pages)."""

from gonghui.accounts.scoping import forget_grants
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import FileStatus, FollowUpKind, HardshipClass
from gonghui.welfare.services.cycle import file_lift
from gonghui.welfare.tests.crawl_world import file_params
from gonghui.welfare.tests.factories import make_file


@build_world("welfare_cycle")
def _cycle_world(world):
    member = MemberFactory.create(org=world.org_a, name="甲脱困会员")
    file = make_file(
        member=member,
        actor=world.org_admin,
        status=FileStatus.FILED,
        number="甲帮扶2025009",
        decided_class=HardshipClass.RELATIVE,
    )
    forget_grants(
        world.org_admin
    )  # builders of other apps may have read its grants before it became 帮扶干事
    file_lift(file=file, actor=world.org_admin, note="甲脱困会员已再就业")
    world.extra["welfare_follow_up_a"] = file.follow_ups.get(kind=FollowUpKind.THREE_MONTHS)
    world.extra.setdefault("markers", []).extend(["甲帮扶2025009", "甲脱困会员"])


for name in ("welfare:annual_review", "welfare:lift", "welfare:close"):
    declare(CrawlRoute(name, params=file_params))
declare(CrawlRoute("welfare:follow_up", params=lambda w: {"follow_up_id": w.extra["welfare_follow_up_a"].pk}))
