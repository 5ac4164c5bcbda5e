"""Crawler declarations for 网上维权. Built-in roles get the appeals actions from the coordinator; until then the
crawler's world makes org A's and org B's admins 维权干事 of their unions (and org A's admin a designated
handler), and member A submits a case."""

from gonghui.accounts.models import RoleGrant
from gonghui.appeals.models import HandlerDesignation
from gonghui.appeals.tests.factories import category, make_appeal
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("appeals")
def _appeals_world(world):
    RoleGrant.objects.get_or_create(user=world.org_admin, role="appeals_handler", org=world.org_a)
    RoleGrant.objects.get_or_create(user=world.outsider, role="appeals_handler", org=world.org_b)
    world.extra["appeal_a"] = make_appeal(world.member_a, title="甲校拖欠课时费诉求")
    world.extra["designation_a"] = HandlerDesignation.objects.create(
        user=world.org_admin, org=world.org_a, category=category("women")
    )
    world.extra.setdefault("markers", []).append("甲校拖欠课时费诉求")


def _appeal(world):
    return {"public_id": world.extra["appeal_a"].public_id}


for name in ["appeals:appeal_detail", "appeals:appeal_reveal", "api:appeals_get"]:
    declare(CrawlRoute(name, params=_appeal))
declare(CrawlRoute("appeals:appeal_act", params=lambda w: {**_appeal(w), "action": "accept"}))
declare(CrawlRoute("appeals:designation_delete", params=lambda w: {"pk": w.extra["designation_a"].pk}))
declare(
    CrawlRoute(
        "appeals:category_edit",
        kind="global",
        params=lambda w: {"pk": category("wages").pk},
        reason="诉求类别及其时限是全平台共用的参考数据，只有系统管理员可以修改",
    )
)
declare(
    CrawlRoute(
        "appeals:category_create",
        kind="global",
        reason="诉求类别及其时限是全平台共用的参考数据，只有系统管理员可以新增",
    )
)
for name in ["appeals:portal_list", "appeals:portal_new"]:
    declare(CrawlRoute(name, kind="portal"))
for name in [
    "appeals:portal_detail",
    "appeals:portal_rate",
    "appeals:portal_reopen",
    "appeals:portal_supply",
]:
    declare(CrawlRoute(name, kind="portal", params=_appeal))
