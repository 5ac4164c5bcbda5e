import datetime as dt

from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import PARTNER, UNION_STAFF
from gonghui.accounts.services import outside_account_grant
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.reviews.object_grants import KIND, register_object_grants
from gonghui.reviews.services import round_create
from gonghui.reviews.tests.factories import make_template

# Until reviews' AppConfig.ready() registers its grantable kind, the crawl does (idempotent).
register_object_grants()
OUTSIDE_ROUND_TITLE = "外部联络评审（仅授权对象）"


@build_world("accounts")
def _accounts_world(world):
    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)
    world.extra["staff_a"] = staff
    world.extra["staff_a_grant"] = staff.grants.get()
    world.extra.setdefault("markers", []).append(staff.username)


@build_world("object_grants")
def _object_grants_world(world):
    """The crawler's fourth actor: an account outside the union tree (no role grant, no member record) holding a
    live 合作单位联系人 grant on one org-A review round of its own — not an object any declaration fills a route
    with — and org A's admin's 外部账号授权 page of that round."""
    template = make_template(org=world.org_a, actor=world.org_admin)
    review_round = round_create(
        org=world.org_a,
        owner=world.org_a,
        template=template,
        title=OUTSIDE_ROUND_TITLE,
        actor=world.org_admin,
    )
    grant, _temporary = outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=review_round,
        name="外部联络人",
        phone="13900077777",
        role=PARTNER,
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=world.org_admin,
    )
    account = grant.user
    account.must_change_password = False  # else every page would only send it to 修改密码
    account.save(update_fields=["must_change_password"])
    world.extra.update(outside_account=account, outside_round=review_round, outside_grant=grant)


for name in ("accounts:object_grants", "accounts:object_grant_create"):
    declare(CrawlRoute(name, params=lambda w: {"kind": KIND, "pk": w.extra["outside_round"].pk}))
for name in ("accounts:object_grant_extend", "accounts:object_grant_revoke"):
    declare(CrawlRoute(name, params=lambda w: {"pk": w.extra["outside_grant"].pk}))


for name in [
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "portal:login",
    "accounts:account_activate",
    "accounts:password_reset_by_sms",
    "accounts:sms_login",
]:
    declare(CrawlRoute(name, kind="auth"))
declare(CrawlRoute("accounts:sms_code_send", kind="auth", params=lambda w: {"purpose": "reset"}))

for name in ["accounts:user_detail", "accounts:user_password_reset", "accounts:grant_create"]:
    declare(CrawlRoute(name, params=lambda w: {"username": w.extra["staff_a"].username}))

declare(CrawlRoute("accounts:grant_revoke", params=lambda w: {"pk": w.extra["staff_a_grant"].pk}))
declare(
    CrawlRoute(
        "api:api-root",
        kind="unfillable",
        reason="django-ninja 的内部路由：始终返回 404，只用于推算 API 前缀",
    )
)
declare(
    CrawlRoute(
        "api:openapi-json",
        kind="public",
        reason="API 描述文档，不含业务数据",
        public_fields=("openapi", "info", "paths", "components", "servers"),
    )
)
declare(CrawlRoute("api:me_get", kind="personal"))


# ---- lookups by POST body: org B's admin creates an account with org A's member's username or phone -------------


def _cadre(w):
    return {"name": "新干事", "role": UNION_STAFF, "org": str(w.org_b.pk)}


declare_lookup(
    CrawlLookup(
        "accounts:user_create",
        field="username",
        value=lambda w: w.org_member.username,
        data=_cadre,
        secrets=lambda w: [w.member_a.name, w.org_a.name],
    )
)
declare_lookup(
    CrawlLookup(
        "accounts:user_create",
        field="phone",
        value=lambda w: w.member_a.phone,
        data=lambda w: {**_cadre(w), "username": "new_cadre_b"},
        secrets=lambda w: [w.member_a.name, w.org_a.name],
    )
)
