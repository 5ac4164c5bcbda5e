"""Crawler declarations of 慰问 standards, payments and visits — part `condolences` (routes of
`views/condolences.py` and `views/portal_condolences.py`). Org A's admin sets a 生病住院 standard of org A, a 慰问金
budget line of org A's fund, and pays org A's member a 慰问 with its visit: the payment's pages (detail, 冲销,
登记走访) and the standard's 修改 are org A's (org B's admin: 404); the receipt is the member's own."""

import datetime as dt
from decimal import Decimal

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.ledger.choices import FundKind
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.welfare.choices import CondolenceOccasion
from gonghui.welfare.services.condolences import VisitInput, condolence_pay, condolence_standard_save


@build_world("welfare_condolences")
def _condolence_world(world):
    admin = world.org_admin
    world.extra["welfare_standard_a"] = condolence_standard_save(
        actor=admin,
        org=world.org_a,
        occasion=CondolenceOccasion.HOSPITAL,
        max_amount=Decimal("500"),
        times_per_year=2,
        effective_from=dt.date(2020, 1, 1),
        basis="甲中工慰〔2020〕1号",
    )
    fund = fund_create(org=world.org_a, kind=FundKind.OWN, name="甲中慰问经费", year=2026, actor=admin)
    line = budget_line_set(fund=fund, purpose="慰问金", amount=Decimal("5000"), actor=admin)
    world.extra["welfare_condolence_a"] = condolence_pay(
        actor=admin,
        org=world.org_a,
        member=world.member_a,
        occasion=CondolenceOccasion.HOSPITAL,
        event_date=dt.date(2026, 3, 2),
        amount=Decimal("400"),
        budget_line=line,
        note="甲中住院慰问",
        visit=VisitInput(visited_on=dt.date(2026, 3, 3), visitors="甲中王主席"),
    )
    world.extra.setdefault("markers", []).extend(["甲中工慰〔2020〕1号", "甲中王主席"])


def _payment(world):
    return {"payment_id": world.extra["welfare_condolence_a"].pk}


declare(CrawlRoute("welfare:condolence_detail", params=_payment))
declare(CrawlRoute("welfare:condolence_reverse", params=_payment))
declare(CrawlRoute("welfare:condolence_visit", params=_payment))
declare(
    CrawlRoute("welfare:standard_edit", params=lambda w: {"standard_id": w.extra["welfare_standard_a"].pk})
)
declare(
    CrawlRoute(
        "welfare_portal:condolence_receipt",
        kind="portal",
        params=lambda w: {"public_id": w.extra["welfare_condolence_a"].public_id},
    )
)
