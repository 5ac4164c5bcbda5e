"""Crawler declarations for the 三委 pages of orgs: org A has a current 工会委员会; org A's admin reaches every page,
org A's plain member is refused and org B's admin gets 404."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Committee


@build_world("orgs_committees")
def _committees_world(world):
    world.extra["committee_a"], _ = Committee.objects.get_or_create(
        org=world.org_a, kind=CommitteeKind.UNION, is_current=True
    )


declare(CrawlRoute("orgs:committee_list", params=lambda w: {"code": w.org_a.code}))
declare(
    CrawlRoute("orgs:committee_create", params=lambda w: {"code": w.org_a.code, "kind": CommitteeKind.AUDIT})
)
for name in ["orgs:committee_edit", "orgs:committee_new_term"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code, "pk": w.extra["committee_a"].pk}))
