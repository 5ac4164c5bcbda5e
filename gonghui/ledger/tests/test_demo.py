"""The demo ledger of the city union: three funds with budget lines, the 2026年春节困难职工慰问金 batch exported and
answered by the bank (five paid, one failed with its reason), one reversed payment with its correcting entry, one
prize with 个税 withheld; seeded once."""

from decimal import Decimal

import pytest

from gonghui.accounts.roles import SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.ledger.choices import EntryStatus, FundKind
from gonghui.ledger.demo import BATCH, FAILED_REASON, ROOT_CODE, seed_ledger
from gonghui.ledger.models import Fund, LedgerEntry
from gonghui.ledger.selectors import entries_with_status, ledger_totals
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_funds_a_paid_batch_and_a_reversal_once():
    # given the city union with a grassroots union of members, and the platform administrator
    root = OrgFactory.create(code=ROOT_CODE, name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    school = OrgFactory.create(parent=root, name="焦作市第一中学工会")
    admin = UserFactory.create(username="admin")
    RoleGrantFactory.create(user=admin, role=SYSADMIN, org=root)
    for n in range(8):
        MemberFactory.create(org=school, name=f"演示会员{n}", member_number=f"JZ2026{n:04d}")
    # when seeded twice
    first = seed_ledger()
    assert seed_ledger() == "资金台账已存在"
    # then three funds of 2026 at the city union
    assert "成功 5 笔，失败 1 笔" in first
    assert sorted(Fund.objects.values_list("name", "kind")) == sorted(
        [("本级经费", FundKind.OWN), ("上级补助", FundKind.SUBSIDY), ("金秋助学专项", FundKind.SPECIAL)]
    )
    assert set(Fund.objects.values_list("org", flat=True)) == {root.pk}
    # the batch: five paid, one failed with the bank's reason
    batch = entries_with_status(LedgerEntry.objects.filter(purpose=BATCH))
    statuses = sorted(vars(e)["status"] for e in batch)
    assert statuses == [EntryStatus.FAILED] + [EntryStatus.PAID] * 5
    assert {vars(e)["status_reason"] for e in batch if vars(e)["status"] == EntryStatus.FAILED} == {
        FAILED_REASON
    }
    assert all(e.bank_account_masked and e.bank_account_encrypted for e in batch)
    # one reversal, and the corrected payment under its own key
    reversal = LedgerEntry.objects.get(reverses__isnull=False)
    assert reversal.amount == Decimal("-1500.00")
    assert reversal.reason
    wrong = LedgerEntry.objects.get(reversal=reversal)
    assert LedgerEntry.objects.filter(idempotency_key=f"{wrong.idempotency_key}:更正").exists()
    assert LedgerEntry.objects.filter(tax_withheld=True).count() == 1
    # exported in the bank's layout (audited) and the totals add up
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1
    totals = {t.purpose: t.spent for t in ledger_totals(admin)}
    assert totals["困难职工帮扶"] == Decimal("4800.00")
    assert totals["春节慰问"] == Decimal("500.00")


def test_demo_skips_without_the_city_union():
    assert seed_ledger() == "没有市级工会或系统管理员，跳过资金台账"
