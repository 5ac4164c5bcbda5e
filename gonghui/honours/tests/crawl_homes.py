"""Crawler declarations of 评选表彰 — part `homes` (建家考评). Org A's admin runs a 建家 assessment at org A (still
being prepared, so its page shows 参评单位与考评人 and 开始自评考评) on org A's default 建家 standard, with one
union below org A as its unit and org A's admin as its assessor. Every route names that assessment."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

from ..services.homes import home_assessment_create, home_units_add

MARKER = "甲校2026年度建家自查考评"


@build_world("honours_homes")
def _homes_world(world):
    admin = world.org_admin
    unit = OrgFactory.create(
        parent=world.org_a,
        code="ORGA-H1",
        name="甲校后勤分工会",
        unit_name="甲县第一中学后勤处",
        level=OrgLevel.BRANCH,
    )
    assessment = home_assessment_create(
        org=world.org_a,
        title=MARKER,
        year=2026,
        template=None,
        self_check_deadline=None,
        assessors=[admin],
        actor=admin,
    )
    home_units_add(assessment=assessment, orgs=[unit], actor=admin)
    world.extra["honours_home_a"] = assessment
    world.extra.setdefault("markers", []).append(MARKER)


def _home(w):
    return {"home_id": w.extra["honours_home_a"].pk}


for name in ("honours:home_detail", "honours:home_units_add", "honours:home_open", "honours:home_close"):
    declare(CrawlRoute(name, params=_home))
