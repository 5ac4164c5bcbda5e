"""Demo money ledger of the city union (焦作市教科文卫体工会), 2026: three funds (本级经费, 上级补助, a 专项) with
budget lines; the payment batch 2026年春节困难职工慰问金 paid to six members with bank accounts, exported in the
bank's layout and answered by the bank (five paid, one failed: 户名与账号不符); one payment of the wrong amount
reversed with its reason and paid again under a new key; one 劳动竞赛 prize with 个税 withheld. Written through the
services as the platform administrator; idempotent (a second run finds the batch and writes nothing)."""

import io
from decimal import Decimal

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from .choices import FundKind
from .models import BudgetLine, Fund, LedgerEntry
from .services import (
    budget_line_set,
    fund_create,
    ledger_batch_export,
    ledger_pay,
    ledger_results_import,
    ledger_reverse,
)

ROOT_CODE = "JZJKWT"
YEAR = 2026
BATCH = "2026年春节困难职工慰问金"
KEY_PREFIX = "demo.ledger:2026春节慰问"
# fund name, kind, [(budget line purpose, amount)]
FUNDS: list[tuple[str, FundKind, list[tuple[str, str]]]] = [
    ("本级经费", FundKind.OWN, [("春节慰问", "200000"), ("劳动竞赛奖励", "60000")]),
    ("上级补助", FundKind.SUBSIDY, [("困难职工帮扶", "150000")]),
    ("金秋助学专项", FundKind.SPECIAL, [("金秋助学", "50000")]),
]
BANKS = ("焦作中旅银行", "中国工商银行焦作分行", "中国建设银行焦作分行", "焦作农商银行")
AMOUNTS = ("1000", "1000", "800", "800", "600", "600")
FAILED_REASON = "户名与账号不符"


def _account(n: int) -> str:
    return f"62220217{n:03d}{(n * 7919) % 100000000:08d}"


def _line(fund: Fund, purpose: str) -> BudgetLine:
    return BudgetLine.objects.get(fund=fund, purpose=purpose)


def _funds(root: Org, actor: User) -> dict[str, BudgetLine]:
    lines: dict[str, BudgetLine] = {}
    for name, kind, budget in FUNDS:
        fund = Fund.objects.filter(org=root, year=YEAR, name=name).first() or fund_create(
            org=root, kind=kind, name=name, year=YEAR, actor=actor
        )
        for purpose, amount in budget:
            found = BudgetLine.objects.filter(fund=fund, purpose=purpose).first()
            lines[purpose] = found or budget_line_set(
                fund=fund, purpose=purpose, amount=Decimal(amount), actor=actor
            )
    return lines


def _answer_file(entries: list[LedgerEntry]) -> bytes:
    rows = [
        [
            entry.idempotency_key,
            "失败" if n == len(entries) - 1 else "成功",
            FAILED_REASON if n == len(entries) - 1 else "",
        ]
        for n, entry in enumerate(entries)
    ]
    buffer = io.BytesIO()
    write_workbook(
        buffer, [SheetSpec(name="代发结果", headers=["业务编号", "交易状态", "失败原因"], rows=rows)]
    )
    return buffer.getvalue()


@transaction.atomic
def seed_ledger() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过资金台账"
    if LedgerEntry.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        return "资金台账已存在"
    lines = _funds(root, actor)
    members = list(
        Member.objects.filter(org__path__startswith=root.path)
        .exclude(member_number=None)
        .select_related("org")
        .order_by("member_number")[: len(AMOUNTS) + 1]
    )
    if len(members) < len(AMOUNTS) + 1:
        return f"经费 {len(FUNDS)} 项（会员不足，未演示支付）"
    relief = lines["困难职工帮扶"]
    batch = [
        ledger_pay(
            budget_line=relief,
            amount=Decimal(amount),
            payee_name=member.name,
            payee_member=member,
            bank_name=BANKS[n % len(BANKS)],
            bank_account=_account(n),
            purpose=BATCH,
            owner=member,
            idempotency_key=f"{KEY_PREFIX}:member:{member.member_number}",
            actor=actor,
        )
        for n, (member, amount) in enumerate(zip(members, AMOUNTS, strict=False))
    ]
    ledger_batch_export(budget_line=relief, actor=actor)
    outcome = ledger_results_import(budget_line=relief, data=_answer_file(batch), actor=actor)
    # a payment of the wrong amount: reversed with its reason, then paid again under a new key
    corrected = members[len(AMOUNTS)]
    wrong = ledger_pay(
        budget_line=lines["春节慰问"],
        amount=Decimal("1500"),
        payee_name=corrected.name,
        payee_member=corrected,
        bank_name=BANKS[0],
        bank_account=_account(99),
        purpose="2026年春节退休职工慰问",
        owner=corrected,
        idempotency_key=f"{KEY_PREFIX}:退休冲销:{corrected.member_number}",
        actor=actor,
    )
    ledger_reverse(entry=wrong, reason="金额录入有误，应为500元，冲销后重新支付", actor=actor)
    ledger_pay(
        budget_line=lines["春节慰问"],
        amount=Decimal("500"),
        payee_name=corrected.name,
        payee_member=corrected,
        bank_name=BANKS[0],
        bank_account=_account(99),
        purpose="2026年春节退休职工慰问",
        owner=corrected,
        idempotency_key=f"{KEY_PREFIX}:退休冲销:{corrected.member_number}:更正",
        actor=actor,
    )
    ledger_pay(
        budget_line=lines["劳动竞赛奖励"],
        amount=Decimal("3000"),
        payee_name=members[0].name,
        payee_member=members[0],
        bank_name=BANKS[0],
        bank_account=_account(0),
        purpose="2026年教职工技能竞赛一等奖奖金",
        owner=members[0],
        tax_withheld=True,
        idempotency_key=f"demo.ledger:2026技能竞赛:member:{members[0].member_number}",
        actor=actor,
    )
    return (
        f"经费 {len(FUNDS)} 项，{BATCH} {len(batch)} 笔（银行回盘：成功 {outcome.paid} 笔，失败 {outcome.failed} 笔），"
        "冲销 1 笔并重新支付"
    )
