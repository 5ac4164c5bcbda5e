from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import CoveredUnit, Department, Org
from gonghui.orgs.tests.factories import OrgFactory


@build_world("orgs")
def _orgs_world(world):
    world.extra["department_a"] = Department.objects.create(org=world.org_a, name="女职工部")
    world.extra["branch_a"] = OrgFactory.create(
        parent=world.org_a,
        code="ORGA-F1",
        name="甲县第一中学高中部分工会",
        unit_name="甲县第一中学",
        level=OrgLevel.BRANCH,
    )
    # org A as a 联合基层工会 with one covered unit
    Org.objects.filter(pk=world.org_a.pk).update(is_joint=True)
    world.extra["covered_a"] = CoveredUnit.objects.create(
        org=world.org_a, name="甲县红星小学", headcount_established=8
    )


for name in [
    "orgs:org_detail",
    "orgs:org_children",
    "orgs:org_create",
    "orgs:org_edit",
    "orgs:department_create",
    "orgs:covered_unit_create",
    "api:orgs_get",
]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code}))

# Moving and (de)activating need authority over the parent: org A's admin acts on org A's branch.
for name in ["orgs:org_move", "orgs:org_deactivate", "orgs:org_reactivate"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.extra["branch_a"].code}))

declare(
    CrawlRoute(
        "orgs:department_delete",
        params=lambda w: {"code": w.org_a.code, "pk": w.extra["department_a"].pk},
    )
)

for name in ["orgs:covered_unit_edit", "orgs:covered_unit_remove"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code, "pk": w.extra["covered_a"].pk}))
