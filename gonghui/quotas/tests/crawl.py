"""Crawler declarations for 名额分配. Org A (whose admin, a 工会管理员, carries quotas.view/manage) holds a set of 5
places, allocated 3 to its 分会 (a child union made here); the 分会 uses 1 place for org A's member."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.services import quota_allocate, quota_use

from .factories import make_set

MARKER = "甲单位先进个人推荐名额"


@build_world("quotas")
def _quotas_world(world):
    branch = OrgFactory.create(
        parent=world.org_a, name="甲县第一中学工会语文组分会", unit_name="甲县第一中学"
    )
    quota_set = make_set(org=world.org_a, actor=world.org_admin, total=5, title=MARKER)
    (allocation,) = quota_allocate(quota_set=quota_set, shares={branch.pk: 3}, actor=world.org_admin)
    quota_use(allocation=allocation, owner=world.member_a, actor=world.org_admin)
    world.extra.update(quota_set_a=quota_set, quota_allocation_a=allocation)
    world.extra.setdefault("markers", []).append(MARKER)


def _set(w):
    return {"public_id": w.extra["quota_set_a"].public_id}


def _allocation(w):
    return {"pk": w.extra["quota_allocation_a"].pk}


for name in ("quotas:set_detail", "quotas:set_edit", "quotas:set_allocate", "quotas:set_allocate_weight"):
    declare(CrawlRoute(name, params=_set))
declare(CrawlRoute("quotas:set_export", params=_set))
for name in (
    "quotas:allocation_detail",
    "quotas:allocation_allocate",
    "quotas:allocation_allocate_weight",
    "quotas:allocation_export",
):
    declare(CrawlRoute(name, params=_allocation))
