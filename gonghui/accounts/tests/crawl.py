from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup


@build_world("accounts")
def _accounts_world(world):
    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)
    world.extra["staff_a"] = staff
    world.extra["staff_a_grant"] = staff.grants.get()
    world.extra.setdefault("markers", []).append(staff.username)


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
