"""帮扶救助 pages: 登记救助 for the 帮扶干事 of the file's union (its plain member 403, another county's officer
404), a double POST paying once and an overspend named on the amount field; the list's totals and filters; the
export (audited, no-store, refused without `welfare.reveal`); the layout pages; the card on the file page."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from gonghui.core.choices import AuditAction
from gonghui.core.excel import sheet_names
from gonghui.core.models import AuditLog
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.tests.factories import make_line
from gonghui.welfare.choices import AidKind, FileStatus
from gonghui.welfare.models import AidExportLayout, AidRecord
from gonghui.welfare.selectors.aid import aid_panel
from gonghui.welfare.services.aid import aid_layout_save, aid_record
from gonghui.welfare.spreadsheets.aid import DEFAULT_AID_COLUMNS
from gonghui.welfare.tests.factories import grant_officer, make_file


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def aid(world):
    officer = grant_officer(world.org_admin, world.county_x)
    file = make_file(member=world.member_a, actor=officer, status=FileStatus.FILED, number="甲帮扶2026001")
    line = make_line(world.county_x, purpose="帮扶救助", amount="1000.00")
    return officer, file, line


def _form(line, **extra):
    return {
        "kind": AidKind.LIVING,
        "occasion": "2026年春节",
        "amount": "300",
        "budget_line": str(line.pk),
        "bank_name": "甲县农商银行",
        "bank_account": "6230580000000001234",
        **extra,
    }


def test_aid_add_triad_a_double_post_pays_once_and_an_overspend_names_the_amount(world, aid):
    officer, file, line = aid
    url = reverse("welfare:aid_add", args=[file.pk])
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(grant_officer(world.outsider, world.county_y)).get(url).status_code == 404
    client = _client(officer)
    page = client.get(url)
    assert page.status_code == 200
    assert "甲县教育工会 · 2026年 本级经费 · 帮扶救助（余 1000.00 元）" in page.content.decode()
    for _ in range(2):
        assert client.post(url, _form(line)).status_code == 302
    assert AidRecord.objects.count() == LedgerEntry.objects.count() == 1
    over = client.post(url, _form(line, occasion="2026年中秋", amount="800"))
    assert over.status_code == 200
    assert "超出预算" in str(over.context["form"].errors["amount"])
    # the account on record is offered masked and reused when the field is left empty
    again = client.get(url).content.decode()
    assert "6230580000000001234" not in again
    assert "留空则沿用" in again
    assert client.post(url, _form(line, occasion="2026年中秋", bank_account="")).status_code == 302


def test_aid_list_shows_totals_and_filters(world, aid, django_assert_max_num_queries):
    officer, file, line = aid
    for kind, occasion, amount in (
        (AidKind.LIVING, "2026年春节", "300"),
        (AidKind.MEDICAL, "2026年住院", "200"),
    ):
        aid_record(
            file=file,
            actor=officer,
            kind=kind,
            occasion=occasion,
            amount=Decimal(amount),
            budget_line=line,
            bank_account="6230580000000001234",
        )
    client = _client(officer)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("welfare:aid_list"))
    assert page.status_code == 200
    assert [row.total for row in page.context["year_totals"]] == [Decimal("500.00")]
    filtered = client.get(reverse("welfare:aid_list"), {"kind": AidKind.MEDICAL})
    assert [aid.occasion for aid, _may_open in filtered.context["rows"]] == ["2026年住院"]
    assert reverse("ledger:entry_detail", args=[file.aids.first().ledger_entry_id]) in page.content.decode()
    assert _client(world.org_member).get(reverse("welfare:aid_list")).status_code == 403


def test_export_is_audited_no_store_and_needs_reveal(world, aid):
    officer, file, line = aid
    aid_record(
        file=file,
        actor=officer,
        kind=AidKind.LIVING,
        occasion="2026年春节",
        amount=Decimal("300"),
        budget_line=line,
        bank_account="6230580000000001234",
    )
    url = reverse("welfare:aid_export") + "?kind=living"
    answer = _client(officer).post(url, {"layout": "default"})
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    assert sheet_names(answer.content) == ["帮扶救助（未经全国帮扶系统核对）"]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.detail["filters"] == {"kind": "living"}
    # the union's admin sees counts only (welfare.stats): no export of names
    admin_b = world.outsider
    assert _client(admin_b).post(url, {"layout": "default"}).status_code == 403
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_layout_pages_create_from_the_default_and_edit_within_the_subtree(world, aid):
    officer, _file, _line = aid
    client = _client(officer)
    page = client.get(reverse("welfare:aid_layout_create") + "?from=default").content.decode()
    assert "身份证号=身份证号" in page
    done = client.post(
        reverse("welfare:aid_layout_create"),
        {"org": str(world.county_x.pk), "name": "甲县格式", "columns": "姓名=姓名\n证件号=id_number"},
    )
    assert done.status_code == 302
    layout = AidExportLayout.objects.get()
    assert layout.columns == [{"key": "name", "title": "姓名"}, {"key": "id_number", "title": "证件号"}]
    listing = client.get(reverse("welfare:aid_layouts")).content.decode()
    assert "全国工会帮扶工作管理系统（待核对）" in listing
    assert "甲县格式" in listing
    edit = reverse("welfare:aid_layout_edit", args=[layout.pk])
    refused = client.post(edit, {"name": "甲县格式", "columns": "姓名=姓名", "verified": "on"})
    assert "核对人" in str(refused.context["form"].errors["verified_note"])
    assert _client(grant_officer(world.outsider, world.county_y)).get(edit).status_code == 404


def test_the_file_card_lists_aid_with_its_ledger_link_and_the_add_button(world, aid):
    officer, file, line = aid
    record = aid_record(
        file=file,
        actor=officer,
        kind=AidKind.SCHOOLING,
        occasion="2026年金秋助学",
        amount=Decimal("1000"),
        budget_line=line,
        bank_account="6230580000000001234",
    )
    aid_layout_save(actor=officer, org=world.county_x, name="甲", columns=DEFAULT_AID_COLUMNS)
    html = render_to_string("welfare/files/_aid.html", {"panel": aid_panel(user=officer, file=file)})
    assert reverse("welfare:aid_add", args=[file.pk]) in html
    assert reverse("ledger:entry_detail", args=[record.ledger_entry_id]) in html
    assert "金秋助学" in html
    assert "1000.00</strong> 元（1 次）" in html
