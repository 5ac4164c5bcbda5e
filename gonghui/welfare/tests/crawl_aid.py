"""Crawler declarations of 困难职工帮扶 — part `aid` (routes of `views/aid.py`). Org A's admin (帮扶干事 of org A)
sets up a 帮扶救助 budget line of org A's fund in the ledger, pays an aid to org A's filed file from it and saves an
export layout of org A: 登记救助 on that file and the layout's 修改 are org A's (org B's admin: 404)."""

from decimal import Decimal

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.ledger.choices import FundKind
from gonghui.ledger.services import budget_line_set, fund_create
from gonghui.welfare.choices import AidKind
from gonghui.welfare.services.aid import aid_layout_save, aid_record
from gonghui.welfare.spreadsheets.aid import DEFAULT_AID_COLUMNS

# imported first so that the shared builder (the filed file) is registered, and runs, before this one
from gonghui.welfare.tests.crawl_world import file_params


@build_world("welfare_aid")
def _aid_world(world):
    admin = world.org_admin
    fund = fund_create(org=world.org_a, kind=FundKind.SUBSIDY, name="甲县帮扶专项", year=2026, actor=admin)
    line = budget_line_set(fund=fund, purpose="帮扶救助", amount=Decimal("20000"), actor=admin)
    world.extra["welfare_aid_a"] = aid_record(
        file=world.extra["welfare_file_a"],
        actor=admin,
        kind=AidKind.LIVING,
        occasion="甲县2026年春节送温暖",
        amount=Decimal("800"),
        budget_line=line,
        bank_name="甲县农商银行",
        bank_account="6230580000000001234",
    )
    world.extra["welfare_layout_a"] = aid_layout_save(
        actor=admin, org=world.org_a, name="甲县帮扶导出格式", columns=DEFAULT_AID_COLUMNS
    )
    world.extra.setdefault("markers", []).extend(["甲县2026年春节送温暖", "甲县帮扶导出格式"])


declare(CrawlRoute("welfare:aid_add", params=file_params))
declare(CrawlRoute("welfare:aid_layout_edit", params=lambda w: {"layout_id": w.extra["welfare_layout_a"].pk}))
