"""The 资金发放 pages with three actors: org A's 工会管理员 (the treasurer) works; org A's plain member is refused
(403); org B's 工会管理员 holds the same actions on its own union and gets 404 on org A's objects. Reveals and
exports answer no-store."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, read_rows, write_workbook
from gonghui.core.http import is_sensitive
from gonghui.core.models import AuditLog
from gonghui.ledger.choices import PaymentStatus
from gonghui.ledger.models import BudgetLine, Fund, LedgerEntry, PaymentResult
from gonghui.ledger.services import ledger_pay, ledger_result_record, ledger_reverse
from gonghui.members.choices import BankTemplateKind
from gonghui.members.models import CardBankTemplate

pytestmark = pytest.mark.django_db
ACCOUNT = "6222021234567890123"
TOKEN = re.compile(r'name="token" value="([0-9a-f-]+)"')


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay(line, actor, key, amount="100", name="甲收款人", **extra):
    return ledger_pay(
        budget_line=line,
        amount=Decimal(amount),
        payee_name=name,
        idempotency_key=key,
        bank_name="郑州银行",
        bank_account=ACCOUNT,
        actor=actor,
        **extra,
    )


def _workbook(headers, rows) -> io.BytesIO:
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="结果", headers=headers, rows=rows)])
    buffer.seek(0)
    buffer.name = "回盘.xlsx"
    return buffer


@pytest.fixture
def entry(line, treasurer):
    return _pay(line, treasurer, "k1", tax_withheld=True)


# --- lists ------------------------------------------------------------------------------------------------------


def test_the_menu_and_the_entry_list_show_masked_accounts_and_filter(world, treasurer, line, entry):
    other = _pay(line, treasurer, "k2", name="乙收款人", amount="50")
    ledger_result_record(entry=other, status=PaymentStatus.FAILED, reason="户名不符", actor=treasurer)
    client = _client(treasurer)
    page = client.get(reverse("ledger:entry_list")).content.decode()
    assert "资金发放" in page
    assert "6222***********0123" in page
    assert ACCOUNT not in page
    assert "甲收款人" in page
    assert "乙收款人" in page
    assert "已代扣" in page
    only_b = client.get(reverse("ledger:entry_list"), {"payee": "乙"}).content.decode()
    assert "乙收款人" in only_b
    assert "甲收款人" not in only_b
    failed = client.get(reverse("ledger:entry_list"), {"status": "failed"}).content.decode()
    assert "乙收款人" in failed
    assert "户名不符" in failed
    assert "甲收款人" not in failed
    pending = client.get(reverse("ledger:entry_list"), {"status": "pending", "year": "2026"}).content.decode()
    assert "甲收款人" in pending
    assert "乙收款人" not in pending
    ledger_reverse(entry=entry, reason="重复", actor=treasurer)
    reversed_page = client.get(reverse("ledger:entry_list"), {"status": "reversed"}).content.decode()
    assert reversed_page.count("甲收款人") == 2  # the payment and its reversal
    assert "没有符合条件" in client.get(reverse("ledger:entry_list"), {"payee": "无此人"}).content.decode()


def test_lists_show_nothing_of_another_union(world, other_treasurer, entry):
    client = _client(other_treasurer)
    for name in ("ledger:entry_list", "ledger:fund_list", "ledger:totals"):
        page = client.get(reverse(name)).content.decode()
        assert "甲收款人" not in page, name
        assert world.org_a.name not in page, name


def test_a_plain_member_is_refused_every_page(world, line, entry):
    client = _client(world.org_member)
    urls = [
        reverse("ledger:entry_list"),
        reverse("ledger:fund_list"),
        reverse("ledger:fund_create"),
        reverse("ledger:totals"),
        reverse("ledger:line_set", args=[line.fund_id]),
        reverse("ledger:line_detail", args=[line.pk]),
        reverse("ledger:pay", args=[line.pk]),
        reverse("ledger:batch_export", args=[line.pk]),
        reverse("ledger:results_import", args=[line.pk]),
        reverse("ledger:entry_detail", args=[entry.pk]),
        reverse("ledger:entry_reverse", args=[entry.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("ledger:entry_reveal", args=[entry.pk])).status_code == 403
    assert client.post(reverse("ledger:accountant_export")).status_code == 403


def test_another_unions_admin_gets_404_on_org_a_objects(other_treasurer, line, entry):
    client = _client(other_treasurer)
    for url in (
        reverse("ledger:line_set", args=[line.fund_id]),
        reverse("ledger:line_detail", args=[line.pk]),
        reverse("ledger:pay", args=[line.pk]),
        reverse("ledger:batch_export", args=[line.pk]),
        reverse("ledger:results_import", args=[line.pk]),
        reverse("ledger:entry_detail", args=[entry.pk]),
        reverse("ledger:entry_reverse", args=[entry.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "amount": "1"}).status_code == 404, url
    assert client.post(reverse("ledger:entry_reveal", args=[entry.pk])).status_code == 404
    assert LedgerEntry.objects.count() == 1
    assert not AuditLog.objects.filter(action__in=[AuditAction.REVEAL, AuditAction.EXPORT]).exists()


# --- funds and budget lines ----------------------------------------------------------------------------------


def test_funds_and_lines_are_created_and_show_spent_and_remaining(world, treasurer):
    client = _client(treasurer)
    response = client.post(
        reverse("ledger:fund_create"),
        {"org": world.org_a.pk, "kind": "subsidy", "name": "上级补助", "year": 2026},
    )
    fund = Fund.objects.get(name="上级补助")
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:line_set", args=[fund.pk])
    client.post(reverse("ledger:line_set", args=[fund.pk]), {"purpose": "困难帮扶", "amount": "1000"})
    line = BudgetLine.objects.get(fund=fund)
    _pay(line, treasurer, "k", amount="300")
    page = client.get(reverse("ledger:fund_list")).content.decode()
    assert "困难帮扶" in page
    assert "1000.00" in page
    assert "300.00" in page
    assert "700.00" in page
    too_low = client.post(
        reverse("ledger:line_set", args=[fund.pk]), {"purpose": "困难帮扶", "amount": "200"}
    )
    assert "预算金额不能低于已支出的 300.00 元" in too_low.content.decode()
    empty = client.post(reverse("ledger:fund_create"), {"org": world.org_a.pk, "kind": "own", "year": 2026})
    assert "请填写经费名称" in empty.content.decode()


def test_a_fund_cannot_be_created_for_another_union(world, other_treasurer):
    response = _client(other_treasurer).post(
        reverse("ledger:fund_create"), {"org": world.org_a.pk, "kind": "own", "name": "x", "year": 2026}
    )
    assert response.status_code == 200
    assert not Fund.objects.exists()


# --- paying by hand -------------------------------------------------------------------------------------------


def _pay_form(client, line):
    page = client.get(reverse("ledger:pay", args=[line.pk])).content.decode()
    found = TOKEN.search(page)
    assert found is not None
    return found.group(1)


def test_a_hand_payment_submitted_twice_pays_once_and_says_so(treasurer, line):
    client = _client(treasurer)
    token = _pay_form(client, line)
    data = {
        "token": token,
        "payee_name": "丙收款人",
        "bank_name": "郑州银行",
        "bank_account": "6222 0000 1111 2222",
        "amount": "300",
        "tax_withheld": "on",
    }
    first = client.post(reverse("ledger:pay", args=[line.pk]), data)
    entry = LedgerEntry.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("ledger:entry_detail", args=[entry.pk])
    assert (entry.amount, entry.tax_withheld, entry.bank_account_masked) == (
        Decimal("300.00"),
        True,
        "6222********2222",
    )
    second = client.post(reverse("ledger:pay", args=[line.pk]), data)
    assert second.status_code == 200
    assert "这张支付单已经提交过" in second.content.decode()
    changed = client.post(reverse("ledger:pay", args=[line.pk]), {**data, "amount": "200"})
    assert "已经提交过" in changed.content.decode()
    assert LedgerEntry.objects.count() == 1
    assert _pay_form(client, line) != token  # a new form, a new payment


def test_a_hand_payment_over_budget_or_malformed_is_refused_naming_the_field(treasurer, line):
    client = _client(treasurer)
    data = {"token": _pay_form(client, line), "payee_name": "丙", "amount": "1000.01"}
    over = client.post(reverse("ledger:pay", args=[line.pk]), data).content.decode()
    assert "超出预算：“春节慰问”尚余 1000.00 元" in over
    bad = client.post(
        reverse("ledger:pay", args=[line.pk]), {**data, "amount": "10", "bank_account": "12ab"}
    ).content.decode()
    assert "银行账号应为8至32位数字" in bad
    no_token = client.post(reverse("ledger:pay", args=[line.pk]), {**data, "token": "", "amount": "10"})
    assert "支付单已失效" in no_token.content.decode()
    assert not LedgerEntry.objects.exists()


# --- reversing, revealing -------------------------------------------------------------------------------------


def test_an_entry_is_reversed_with_a_required_reason_and_confirmation(treasurer, entry):
    client = _client(treasurer)
    url = reverse("ledger:entry_reverse", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "data-confirm" in page
    assert "请填写冲销原因" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "收款人信息有误"})
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert response["Location"] == reverse("ledger:entry_detail", args=[reversal.pk])
    assert reversal.amount == Decimal("-100.00")
    detail = client.get(reverse("ledger:entry_detail", args=[entry.pk])).content.decode()
    assert "已冲销" in detail
    assert "收款人信息有误" in detail
    assert client.get(url).status_code == 302  # reversed once only


def test_the_reveal_is_audited_and_no_store(world, treasurer, entry):
    client = _client(treasurer)
    detail = client.get(reverse("ledger:entry_detail", args=[entry.pk])).content.decode()
    assert "查看完整账号" in detail
    assert ACCOUNT not in detail
    assert "已代扣个税" in detail
    url = reverse("ledger:entry_reveal", args=[entry.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert ACCOUNT in response.content.decode()
    assert is_sensitive(response)
    audit = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert (audit.actor, audit.org_id) == (treasurer, world.org_a.pk)


# --- the bank's files -----------------------------------------------------------------------------------------


def test_the_payment_file_is_exported_in_a_saved_bank_template(treasurer, line, entry):
    usable = CardBankTemplate.objects.create(
        name="中原银行代发",
        kind=BankTemplateKind.PAYMENT,
        columns=[
            {"header": "收款人姓名", "field": "payee_name"},
            {"header": "收款账号", "field": "bank_account"},
            {"header": "代发金额", "field": "amount"},
            {"header": "摘要", "field": "purpose"},
        ],
    )
    # a card template is never a payment layout, whatever its columns
    CardBankTemplate.objects.create(
        name="制卡模板",
        columns=[{"header": "姓名", "field": "name"}, {"header": "证件号码", "field": "id_number"}],
    )
    client = _client(treasurer)
    url = reverse("ledger:batch_export", args=[line.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "中原银行代发" in html
    assert "平台默认代发格式" in html
    assert "制卡模板" not in html
    response = client.post(url, {"layout": f"template:{usable.pk}"})
    assert response.status_code == 200
    assert is_sensitive(response)
    rows = read_rows(response.content)
    assert rows[0] == ["收款人姓名", "收款账号", "代发金额", "摘要"]
    assert [str(v) for v in rows[1][:2]] == ["甲收款人", ACCOUNT]
    default = client.post(url, {"layout": "default"})
    assert read_rows(default.content)[0][:3] == ["序号", "户名", "账号"]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 2
    assert "请选择银行模板" in client.post(url, {"layout": ""}).content.decode()


def test_bank_answers_are_imported_whole_or_refused_naming_the_rows(treasurer, line, entry):
    client = _client(treasurer)
    url = reverse("ledger:results_import", args=[line.pk])
    bad = client.post(
        url, {"file": _workbook(["业务编号", "结果", "失败原因"], [["k1", "成功", ""], ["zzz", "成功", ""]])}
    )
    assert "第3行：业务编号“zzz”不是本预算科目的支付" in bad.content.decode()
    assert not PaymentResult.objects.exists()
    good = client.post(
        url, {"file": _workbook(["业务编号", "结果", "失败原因"], [["k1", "失败", "账号不存在"]])}
    )
    assert good.status_code == 302
    assert PaymentResult.objects.get(entry=entry).reason == "账号不存在"
    csv = io.BytesIO(b"a,b")
    csv.name = "x.csv"
    assert "须为 .xlsx 格式" in client.post(url, {"file": csv}).content.decode()


# --- totals and the accountant ------------------------------------------------------------------------------


def test_totals_and_the_accountant_export(world, treasurer, line, entry):
    client = _client(treasurer)
    page = client.get(reverse("ledger:totals"), {"year": 2026}).content.decode()
    assert world.org_a.name in page
    assert "春节慰问" in page
    assert "900.00" in page
    response = client.post(reverse("ledger:accountant_export"), {"year": "2026"})
    assert response.status_code == 200
    assert is_sensitive(response)
    assert read_rows(response.content, sheet="汇总")[1][:4] == [
        world.org_a.name,
        2026,
        "本级经费",
        "春节慰问",
    ]
    assert client.get(reverse("ledger:accountant_export")).status_code == 405


def test_an_auditor_reads_but_cannot_act(world, entry, line):
    auditor = make_cadre("shenji", world.city, role=AUDITOR)
    client = _client(auditor)
    assert "甲收款人" in client.get(reverse("ledger:entry_list")).content.decode()
    detail = client.get(reverse("ledger:entry_detail", args=[entry.pk])).content.decode()
    assert "查看完整账号" not in detail
    assert "冲销" not in detail.split("</h1>")[1].split("<dl")[0]
    for url in (reverse("ledger:pay", args=[line.pk]), reverse("ledger:batch_export", args=[line.pk])):
        assert client.get(url).status_code == 403
