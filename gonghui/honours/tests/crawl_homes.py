"""Crawler declarations of 评选表彰 — part `homes` (建家考评). Org A's admin runs a 建家 assessment at org A (still
being prepared, so its page shows 参评单位与考评人 and 开始自评考评) on org A's default 建家 standard, with one
union below org A as its unit and org A's admin as its assessor. Every route names that assessment."""

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
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


# ---- lookups by POST body: org B's admin names org A's union or cadre on its own pages ---------------------


@build_world("honours_homes_lookup", kinds=("lookup",))
def _homes_lookup_world(world):
    world.extra["honours_home_b"] = home_assessment_create(
        org=world.org_b,
        title="乙院2026年度建家自查考评",
        year=2026,
        template=None,
        self_check_deadline=None,
        actor=world.outsider,
    )


def _create_form(w):
    return {"org": w.org_b.pk, "title": "乙院建家考评", "year": 2026, "template": ""}


declare_lookup(
    CrawlLookup(
        "honours:home_create",
        field="assessors",
        value=lambda w: str(w.org_admin.pk),
        data=_create_form,
        secrets=lambda w: [w.org_admin.name, w.org_admin.username],
        note="org A's cadre as assessor",
    )
)
declare_lookup(
    CrawlLookup(
        "honours:home_units_add",
        field="orgs",
        value=lambda w: str(w.org_a.pk),
        data=lambda w: {"scope": "chosen"},
        params=lambda w: {"home_id": w.extra["honours_home_b"].pk},
        world=("honours_homes_lookup",),
        secrets=lambda w: [w.org_a.name, w.org_a.unit_name],
        note="org A as a unit",
    )
)
declare_lookup(
    CrawlLookup(
        "honours:home_units_add",
        field="assessors",
        value=lambda w: str(w.org_admin.pk),
        data=lambda w: {"scope": "chosen"},
        params=lambda w: {"home_id": w.extra["honours_home_b"].pk},
        world=("honours_homes_lookup",),
        secrets=lambda w: [w.org_admin.name, w.org_admin.username],
        note="org A's cadre as assessor",
    )
)
