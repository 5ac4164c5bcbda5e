from gonghui.core.crawler import CrawlRoute, declare


def _owner(world):
    # the demo kind (职工满意度调查 of a union): org A's survey, answered by org A's members, managed by its admin
    return {"kind": "union_climate", "owner_id": world.org_a.pk}


declare(CrawlRoute("responses:answer", kind="portal", params=_owner))
declare(CrawlRoute("responses:results", kind="object", params=_owner))
declare(CrawlRoute("responses:close", kind="object", params=_owner))
