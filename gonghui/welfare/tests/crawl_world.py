"""The crawler world of 困难职工帮扶: org A's admin is also org A's 帮扶干事 (the union's admin alone sees counts only),
org B's admin org B's; org A's plain member (甲会员) has a filed file, `world.extra["welfare_file_a"]`
(`file_params`). 审核, 公示, 建档 and 不予建档 are taken from the union above the file's, so those pages name the
filed file of a member of 甲校分会, a union below org A (`child_file_params`). (An officer grant on org A's county
would make 甲县 the admin's own union, a conflict of interest for the reviews world's judge scoring 甲县's entries.)"""

from gonghui.core.crawler import build_world
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.choices import FileStatus
from gonghui.welfare.tests.factories import grant_officer, make_file


@build_world("welfare")
def _welfare_world(world):
    grant_officer(world.org_admin, world.org_a)
    grant_officer(world.outsider, world.org_b)
    world.extra["welfare_file_a"] = make_file(
        member=world.member_a, actor=world.org_admin, status=FileStatus.FILED, number="甲帮扶2026001"
    )
    branch = OrgFactory.create(
        parent=world.org_a, code="WELFAREA1", name="甲校分会工会", unit_name="甲校分会"
    )
    world.extra["welfare_child_file_a"] = make_file(
        member=MemberFactory.create(org=branch, name="甲分会会员"),
        actor=world.org_admin,
        status=FileStatus.FILED,
        number="甲帮扶2026002",
    )
    world.extra.setdefault("markers", []).extend(["甲帮扶2026001", "甲帮扶2026002"])


def file_params(world):
    return {"pk": world.extra["welfare_file_a"].pk}


def child_file_params(world):
    return {"pk": world.extra["welfare_child_file_a"].pk}
