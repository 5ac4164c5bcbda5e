"""Permission-crawler routes of part proposals (see tests/test_permission_crawler.py). A unit below org A (code
KPROP1) holds a 教代会; org A's member is one of its full delegates and the proposer of a proposal in hand (办理中), so
the member's portal pages open; every console page is org A's (org B's admin: 404; a read-only cadre: 403 on the
action pages)."""

from gonghui.congresses.choices import DelegateRole
from gonghui.congresses.models import Delegate
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.tests.factories import OrgFactory

from .factories_proposals import proposal_at, proposal_setup


@build_world("congresses_proposals")
def _proposals_world(world):
    unit = OrgFactory.create(
        parent=world.org_a, code="KPROP1", name="甲县第一中学教工分会", unit_name="甲中教务处"
    )
    setup = proposal_setup(org=unit, actor=world.org_admin, start=900)
    # org A's member sits in the congress and proposes
    seat = Delegate.objects.create(congress=setup.congress, member=world.member_a, role=DelegateRole.FULL)
    setup.delegates.insert(0, seat)
    world.extra["proposals_proposal"] = proposal_at(setup, world.org_admin, "handling", title="巡检提案")
    world.extra["proposals_department"] = setup.department


def _proposal(world):
    return {"public_id": world.extra["proposals_proposal"].public_id}


for name in (
    "congresses:proposal_detail",
    "congresses:proposal_review",
    "congresses:proposal_assign",
    "congresses:proposal_reply",
):
    declare(CrawlRoute(name, params=_proposal))
declare(CrawlRoute("congresses:department_edit", params=lambda w: {"pk": w.extra["proposals_department"].pk}))
for name in (
    "congresses_portal:proposal_detail",
    "congresses_portal:proposal_second",
    "congresses_portal:proposal_withdraw",
    "congresses_portal:proposal_rate",
):
    declare(CrawlRoute(name, kind="portal", params=_proposal))
declare(CrawlRoute("congresses_portal:proposal_list", kind="portal"))
declare(CrawlRoute("congresses_portal:proposal_create", kind="portal"))
