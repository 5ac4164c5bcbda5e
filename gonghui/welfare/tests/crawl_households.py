"""Crawler declarations of 困难职工帮扶 — part `households` (routes of `views/households.py`). The world adds a
spouse (甲配偶) to org A's member's filed household; the edit page is the 本人's, the removal the spouse's, and
the reveal is a POST (GET answers 405)."""

from decimal import Decimal

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.welfare.choices import Employment, HealthStatus, Relation
from gonghui.welfare.services.households import PersonInput, person_add
from gonghui.welfare.tests.crawl_world import file_params


@build_world("welfare_households")
def _households_world(world):
    file = world.extra["welfare_file_a"]
    self_person = file.household.people.get(relation=Relation.SELF)
    spouse = person_add(
        household=file.household,
        actor=world.org_admin,
        data=PersonInput(
            relation=Relation.SPOUSE,
            name="甲配偶",
            employment=Employment.UNEMPLOYED,
            health=HealthStatus.CHRONIC,
            annual_income=Decimal("3600"),
            consent_signer="甲配偶",
        ),
    )
    world.extra["welfare_person_self_a"] = self_person
    world.extra["welfare_person_spouse_a"] = spouse
    world.extra.setdefault("markers", []).append("甲配偶")


declare(CrawlRoute("welfare:person_add", params=file_params))
declare(CrawlRoute("welfare:reveal", params=file_params))
declare(
    CrawlRoute("welfare:person_edit", params=lambda w: {"person_id": w.extra["welfare_person_self_a"].pk})
)
declare(
    CrawlRoute("welfare:person_remove", params=lambda w: {"person_id": w.extra["welfare_person_spouse_a"].pk})
)
