"""帮扶救助 services and selectors: aid paid through the ledger (an entry owned by the record under the occasion's
key, a neutral purpose), once per occasion, refused on an overspend, for filed files only and from the file's own
union's or its ancestors' funds; the payee's ledger account reused; totals per household, year and union (reversed
aid left out); the export in a layout's columns, marked unverified until checked, audited, and only with
`welfare.reveal`; the layout rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.choices import AuditAction
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.services import ledger_reverse
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import AidKind, FileAction, FileStatus
from gonghui.welfare.forms.aid import AidLayoutForm
from gonghui.welfare.models import AidRecord
from gonghui.welfare.permissions import OFFICER_ROLE
from gonghui.welfare.selectors.aid import (
    AidFilters,
    aid_list_for_user,
    aid_panel,
    household_totals,
    totals_by_union,
    totals_by_year,
)
from gonghui.welfare.services.aid import aid_export, aid_key, aid_layout_save, aid_record
from gonghui.welfare.spreadsheets.aid import DEFAULT_AID_COLUMNS, UNVERIFIED
from gonghui.welfare.tests.factories import grant_officer, make_file

ACCOUNT = "6230580000000001234"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def aid(world):
    """Org A's admin is the 帮扶干事 of 甲县; org A's member has a filed file; 甲县 has a 帮扶救助 line of 1000 元."""
    officer = grant_officer(world.org_admin, world.county_x)
    file = make_file(member=world.member_a, actor=officer, status=FileStatus.FILED, number="甲帮扶2026001")
    line = make_line(world.county_x, purpose="帮扶救助", amount="1000.00")
    return officer, file, line


def _pay(officer, file, line, *, amount="300", occasion="2026年春节", kind=AidKind.LIVING, **extra):
    fields = {"bank_name": "甲县农商银行", "bank_account": ACCOUNT, **extra}
    return aid_record(
        file=file,
        actor=officer,
        kind=kind,
        occasion=occasion,
        amount=Decimal(amount),
        budget_line=line,
        **fields,
    )


def test_aid_is_paid_through_the_ledger_once_per_occasion(world, aid):
    officer, file, line = aid
    record = _pay(officer, file, line)
    entry = LedgerEntry.objects.get()
    assert record.ledger_entry == entry
    assert (entry.owner, entry.idempotency_key, entry.amount) == (
        record,
        f"welfare-aid:{file.public_id}:living:2026年春节",
        Decimal("300.00"),
    )
    # the ledger is read by union admins: a neutral purpose, never the kind of aid or the hardship class
    assert (entry.purpose, entry.payee_member, entry.payee_name) == ("帮扶救助", world.member_a, "甲会员")
    assert (record.org, record.year) == (world.county_x, timezone.localdate().year)
    note = TimelineEntry.objects.get(object_id=str(file.pk), action=FileAction.AID).note
    assert note == "生活救助 · 2026年春节 · 300.00 元"
    # a double submit returns the first record and pays once
    assert _pay(officer, file, line) == record
    assert LedgerEntry.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        _pay(officer, file, line, amount="500")
    assert "（补发）" in refused.value.message_dict["occasion"][0]
    assert aid_key(file, AidKind.LIVING, "2026年春节") == entry.idempotency_key


def test_an_overspend_is_refused_on_the_amount_field_and_leaves_nothing(aid):
    officer, file, line = aid
    with pytest.raises(ValidationError) as refused:
        _pay(officer, file, line, amount="1000.01")
    assert "超出预算" in refused.value.message_dict["amount"][0]
    assert not AidRecord.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_only_filed_files_of_a_handled_union_receive_aid(world, aid):
    officer, file, line = aid
    other = make_file(member=MemberFactory.create(org=world.org_a, name="乙会员"), actor=officer)
    with pytest.raises(ValidationError, match="只有已建档"):
        _pay(officer, other, line)
    outsider = grant_officer(world.outsider, world.county_y)
    with pytest.raises(PermissionDenied):
        _pay(outsider, file, line)
    assert not AidRecord.objects.exists()


def test_a_budget_line_of_another_union_is_refused(world, aid):
    _officer, file, _line = aid
    city_officer = make_cadre("city_welfare", world.city, role=OFFICER_ROLE)
    foreign = make_line(world.county_y, purpose="帮扶救助", amount="1000.00")
    with pytest.raises(ValidationError) as refused:
        _pay(city_officer, file, foreign)
    assert "本会或上级工会" in refused.value.message_dict["budget_line"][0]
    # a line of the city (above the file's union) pays
    assert _pay(city_officer, file, make_line(world.city, purpose="帮扶救助")).org == world.city


def test_the_payees_latest_ledger_account_is_reused_or_one_is_required(aid):
    officer, file, line = aid
    with pytest.raises(ValidationError) as refused:
        _pay(officer, file, line, bank_name="", bank_account="")
    assert "银行账号" in refused.value.message_dict["bank_account"][0]
    _pay(officer, file, line)
    again = _pay(officer, file, line, occasion="2026年中秋", bank_name="", bank_account="")
    entry = again.ledger_entry
    assert entry is not None
    assert (decrypt_identifier(entry.bank_account_encrypted), entry.bank_name) == (ACCOUNT, "甲县农商银行")


def test_totals_per_household_year_and_union_leave_reversed_aid_out(world, aid):
    officer, file, line = aid
    _pay(officer, file, line, amount="300")
    _pay(officer, file, line, amount="200", kind=AidKind.MEDICAL, occasion="2026年住院")
    wrong = _pay(officer, file, line, amount="100", occasion="2026年端午")
    assert wrong.ledger_entry is not None
    ledger_reverse(entry=wrong.ledger_entry, reason="金额有误", actor=officer)
    year = timezone.localdate().year
    aids = aid_list_for_user(officer, AidFilters())
    [row] = totals_by_year(aids)
    assert (row.year, row.total, row.count) == (year, Decimal("500.00"), 2)
    assert row.by_kind[:2] == [Decimal("300.00"), Decimal("200.00")]
    [union] = totals_by_union(aids)
    assert (union.org_name, union.total, union.households) == ("甲县教育工会", Decimal("500.00"), 1)
    assert household_totals(file) == [(year, Decimal("500.00"), 2)]
    panel = aid_panel(user=officer, file=file)
    assert panel["may_add"]
    assert len(panel["rows"]) == 3
    assert [aid.is_reversed for aid, _may_open in panel["rows"]] == [True, False, False]
    medical = aid_list_for_user(officer, AidFilters(kind=AidKind.MEDICAL, q="甲会员"))
    assert [a.occasion for a in medical] == ["2026年住院"]
    assert list(aid_list_for_user(world.outsider, AidFilters())) == []
    # the member sees on their own file page the aid that stands, a reversed payment not
    page = client_for(world.org_member).get(reverse("welfare_portal:mine")).content.decode()
    assert "我收到的帮扶" in page
    assert "2026年住院" in page
    assert "2026年春节" in page
    assert "2026年端午" not in page


def test_the_export_follows_the_layout_and_carries_the_unverified_mark(world, aid):
    officer, file, line = aid
    _pay(officer, file, line)
    layout = aid_layout_save(
        actor=officer,
        org=world.county_x,
        name="甲县格式",
        columns=[{"key": "name", "title": "姓名"}, {"key": "id_number", "title": "身份证号码"}],
    )
    content, name = aid_export(actor=officer, filters=AidFilters(), layout_key=str(layout.pk))
    assert "未核对" in name
    assert sheet_names(content) == [f"帮扶救助（{UNVERIFIED}）"]
    rows = read_rows(content)
    assert rows[0][0].startswith(UNVERIFIED)
    full_id = decrypt_identifier(world.member_a.id_number_encrypted)
    assert rows[1:] == [["姓名", "身份证号码"], ["甲会员", full_id]]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.detail["unmasked"] is True
    assert audit.detail["rows"] == 1
    aid_layout_save(
        actor=officer,
        layout=layout,
        name="甲县格式",
        columns=DEFAULT_AID_COLUMNS,
        verified=True,
        verified_note="张三 2026年3月1日 导入测试通过",
    )
    layout.refresh_from_db()
    assert (layout.verified_note, layout.verified_at is not None) == ("张三 2026年3月1日 导入测试通过", True)
    content, _name = aid_export(actor=officer, filters=AidFilters(), layout_key=str(layout.pk))
    assert sheet_names(content) == ["帮扶救助"]
    assert read_rows(content)[0] == [c["title"] for c in DEFAULT_AID_COLUMNS]
    with pytest.raises(PermissionDenied):
        aid_export(actor=world.org_member, filters=AidFilters(), layout_key="default")


def test_layout_rules_verified_needs_a_note_and_fields_are_known(world, aid):
    officer, _file, _line = aid
    with pytest.raises(ValidationError) as refused:
        aid_layout_save(
            actor=officer, org=world.county_x, name="甲", columns=DEFAULT_AID_COLUMNS, verified=True
        )
    assert "核对人" in refused.value.message_dict["verified_note"][0]
    checked = aid_layout_save(
        actor=officer,
        org=world.county_x,
        name="乙",
        columns=DEFAULT_AID_COLUMNS,
        verified=True,
        verified_note="张三",
    )
    with pytest.raises(ValidationError, match="列已修改"):  # other columns need a new check
        aid_layout_save(
            actor=officer,
            layout=checked,
            name="乙",
            columns=DEFAULT_AID_COLUMNS[:2],
            verified=True,
            verified_note="张三",
        )
    with pytest.raises(ValidationError, match="不可用"):
        aid_layout_save(
            actor=officer, org=world.county_x, name="甲", columns=[{"key": "bank", "title": "卡号"}]
        )
    with pytest.raises(PermissionDenied):
        aid_layout_save(actor=officer, org=world.county_y, name="甲", columns=DEFAULT_AID_COLUMNS)
    form = AidLayoutForm({"name": "甲", "columns": "证件号=身份证号\n金额=amount\n\n"}, orgs=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["columns"] == [
        {"key": "id_number", "title": "证件号"},
        {"key": "amount", "title": "金额"},
    ]
    assert not AidLayoutForm({"name": "甲", "columns": "卡号=银行卡"}, orgs=None).is_valid()
