"""Crawler declarations for 网上维权. Built-in roles get the appeals actions from the coordinator; until then the
crawler's world makes org A's and org B's admins 维权干事 of their unions (and org A's admin a designated
handler), and member A submits a case."""

from collections.abc import Callable
from typing import Any

from conftest import make_cadre, make_member_user
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.scoping import forget_grants
from gonghui.appeals.models import HandlerDesignation
from gonghui.appeals.services import appeal_accept
from gonghui.appeals.tests.factories import category, make_appeal
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup


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


# ---- lookups by POST body: org B's 维权督办 types the username of a person of org A -------------------------


@build_world("appeals_lookups", kinds=("lookup",))
def _appeals_lookup_world(world):
    RoleGrant.objects.get_or_create(user=world.outsider, role="appeals_supervisor", org=world.org_b)
    forget_grants(world.outsider)
    handler = make_cadre("handler_a", world.org_a, role="appeals_handler")
    handler.name = "甲维权干事"
    handler.save(update_fields=["name"])
    world.extra["appeals_handler_a"] = handler
    # a case of org B, accepted by its handler (the outsider), on which org A's people are typed in
    _user_b, member_b = make_member_user("13700006666", world.org_b, name="乙诉求人")
    appeal_b = make_appeal(member_b, title="乙院加班费诉求")
    appeal_accept(appeal=appeal_b, actor=world.outsider)
    world.extra["appeal_b"] = appeal_b


def _designation(w):
    return {"org": w.org_b.pk, "category": category("women").pk}


declare_lookup(
    CrawlLookup(
        "appeals:designation_list",
        field="username",
        value=lambda w: w.org_member.username,  # members log in as m<phone>
        data=_designation,
        world=("appeals", "appeals_lookups"),
        secrets=lambda w: [w.member_a.name],
        note="member of org A",
    )
)
declare_lookup(
    CrawlLookup(
        "appeals:designation_list",
        field="username",
        value=lambda w: w.extra["appeals_handler_a"].username,
        data=_designation,
        world=("appeals", "appeals_lookups"),
        secrets=lambda w: ["甲维权干事"],
        note="handler of org A",
    )
)
declare_lookup(
    CrawlLookup(
        "appeals:appeal_create",
        field="contact_phone",
        value=lambda w: w.member_a.phone,
        data=lambda w: {
            "org": w.org_b.pk,
            "channel": "phone",
            "contact_name": "来电人",
            "category": category("wages").pk,
            "title": "来电反映工资问题",
            "description": "来电反映工资被拖欠",
            "consent_told": "on",
        },
        secrets=lambda w: [w.member_a.name, w.member_a.member_number],
        world=("appeals", "appeals_lookups"),
    )
)


def _act_params(action: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"public_id": w.extra["appeal_b"].public_id, "action": action}


def _secrets(*secrets: str) -> Callable[[Any], list[str]]:
    return lambda w: list(secrets)


for action, field, value, secret in (
    ("assign", "handler", lambda w: str(w.extra["appeals_handler_a"].pk), "甲维权干事"),
    ("lawyer", "lawyer", lambda w: str(w.extra["appeals_handler_a"].pk), "甲维权干事"),
):
    declare_lookup(
        CrawlLookup(
            "appeals:appeal_act",
            field=field,
            value=value,
            params=_act_params(action),
            secrets=_secrets(secret),
            world=("appeals", "appeals_lookups"),
            note=action,
        )
    )
