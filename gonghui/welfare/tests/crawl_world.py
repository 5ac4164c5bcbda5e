"""The crawler world of 困难职工帮扶: org A's admin is also the 帮扶干事 of org A's county union (甲县, so it
both handles org A's files and reviews them from above; the union's admin alone sees counts only), org B's admin the
one of org B's county, and org A's plain member (甲会员) has a filed file, `world.extra["welfare_file_a"]`
(`file_params` names it)."""

from gonghui.core.crawler import build_world
from gonghui.welfare.choices import FileStatus
from gonghui.welfare.tests.factories import grant_officer, make_file


@build_world("welfare")
def _welfare_world(world):
    grant_officer(world.org_admin, world.county_x)
    grant_officer(world.outsider, world.county_y)
    world.extra["welfare_file_a"] = make_file(
        member=world.member_a, actor=world.org_admin, status=FileStatus.FILED, number="甲帮扶2026001"
    )
    world.extra.setdefault("markers", []).append("甲帮扶2026001")


def file_params(world):
    return {"pk": world.extra["welfare_file_a"].pk}
