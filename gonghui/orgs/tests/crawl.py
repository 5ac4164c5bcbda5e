from gonghui.core.crawler import CrawlRoute, declare

for name in [
    "orgs:org_detail",
    "orgs:org_children",
    "orgs:org_create",
    "orgs:org_edit",
    "orgs:department_create",
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
