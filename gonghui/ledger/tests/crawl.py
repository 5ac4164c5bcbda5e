"""Crawler declarations for 资金发放: org A's fund, budget line and one payment (with a masked account); org A's and
org B's 工会管理员 hold ledger.view/manage/reveal through their role, so org B's admin passes every console gate and
meets org A's objects only through the object-level checks (404)."""

from decimal import Decimal

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.ledger.services import ledger_pay

from .factories import make_line


@build_world("ledger")
def _ledger_world(world):

    line = make_line(world.org_a, amount="5000.00", purpose="春节慰问")
    entry = ledger_pay(
        budget_line=line,
        amount=Decimal("800"),
        payee_name="甲台账收款人",
        bank_name="郑州银行",
        bank_account="6222021234567890123",
        idempotency_key="crawl:ledger:1",
        actor=world.org_admin,
    )
    world.extra["ledger_line_a"] = line
    world.extra["ledger_entry_a"] = entry
    world.extra.setdefault("markers", []).append("甲台账收款人")


def _fund(w):
    return {"fund_id": w.extra["ledger_line_a"].fund_id}


def _line(w):
    return {"line_id": w.extra["ledger_line_a"].pk}


def _entry(w):
    return {"entry_id": w.extra["ledger_entry_a"].pk}


declare(CrawlRoute("ledger:line_set", params=_fund))
for name in ("ledger:line_detail", "ledger:pay", "ledger:batch_export", "ledger:results_import"):
    declare(CrawlRoute(name, params=_line))
for name in ("ledger:entry_detail", "ledger:entry_reverse", "ledger:entry_reveal"):
    declare(CrawlRoute(name, params=_entry))
