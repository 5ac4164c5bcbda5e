"""基层工会补助 pages: the three-actor matrix (org A's admin sees and records spending, its plain member 403, org B's
admin 404; a county admin sees its own branch only), the allocation form refusing an overspend on the page, the
transfer page paying once on a double POST, 登记使用 by phone, the delete confirmation, the list and the export."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import UNION_STAFF
from gonghui.core.choices import AuditAction
from gonghui.core.excel import sheet_names
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.ledger.models import LedgerEntry
from gonghui.quotas.models import QuotaAllocation
from gonghui.welfare.models import Subsidy, SubsidySpending
from gonghui.welfare.services.subsidies import subsidy_allocate, subsidy_spend, subsidy_transfer
from gonghui.welfare.tests.factories_subsidies import cadre, make_subsidy, shared_subsidy, subsidy_world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _spend_form(**extra):
    return {
        "org": "ORGA",
        "member": "",
        "recipient_name": "外援医护人员",
        "amount": "300",
        "spent_on": "2020-02-01",
        "purpose": "慰问一线医护人员",
        **extra,
    }


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A's admin sees and records", "org_admin", 200),
        ("plain member may not", "org_member", 403),
        ("org B's admin does not see it", "outsider", 404),
    ],
)
def test_detail_and_spend_three_actors(world, _case, actor, status):
    # given: 乙县 receives 2000 at its own level, so org B (below it) sees nothing of it
    sw = subsidy_world(world)
    subsidy = make_subsidy(sw)
    subsidy_allocate(
        subsidy=subsidy,
        giver=world.city,
        shares={world.county_x.pk: 6000, world.county_y.pk: 2000},
        actor=sw.city_admin,
    )
    subsidy_transfer(subsidy=subsidy, actor=sw.city_admin)
    subsidy_allocate(
        subsidy=subsidy, giver=world.county_x, shares={world.org_a.pk: 3000}, actor=sw.county_admin
    )
    client = _client(getattr(world, actor))
    # when
    detail = client.get(reverse("welfare:subsidy_detail", args=[subsidy.pk]))
    spend = client.post(reverse("welfare:subsidy_spend", args=[subsidy.pk]), _spend_form())
    # then
    assert detail.status_code == status
    assert spend.status_code == (302 if status == 200 else status)
    assert SubsidySpending.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        page = detail.content.decode()
        # org A's admin sees its own line only, highlighted; not the city's nor the county's figures
        assert [row.org.code for row in detail.context["rows"]] == ["ORGA"]
        assert "本会" in page
        assert "乙县教育工会" not in page  # nor a sibling's figures in the timeline (summary wording)
        assert "甲县教育工会" not in page.split('id="subsidy-tree"')[1].split("</table>")[0]


def test_a_county_admin_sees_its_branch_and_shares_it_out(world):
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    client = _client(sw.county_admin)
    detail = client.get(reverse("welfare:subsidy_detail", args=[subsidy.pk]))
    assert [row.org.code for row in detail.context["rows"]] == ["CX", "ORGA"]
    assert detail.context["may_transfer"] is False
    url = reverse("welfare:subsidy_allocate", args=[subsidy.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "尚可分配 3000.00 元" in page.content.decode()
    # overspend is put on the form, naming the union
    over = client.post(url, {f"share_{world.org_a.pk}": "3000", f"share_{sw.second_school.pk}": "3001"})
    assert over.status_code == 200
    assert "超过“甲县教育工会”可分配的 6000.00 元" in str(over.context["form"].non_field_errors())
    assert (
        client.post(
            url, {f"share_{world.org_a.pk}": "3000", f"share_{sw.second_school.pk}": "1000"}
        ).status_code
        == 302
    )
    assert QuotaAllocation.objects.get(org=sw.second_school).allocated == 1000
    # the county may not edit nor transfer the city's subsidy
    assert client.get(reverse("welfare:subsidy_edit", args=[subsidy.pk])).status_code == 403
    assert client.get(reverse("welfare:subsidy_transfer", args=[subsidy.pk])).status_code == 403


def test_create_allocate_and_transfer_pages_pay_once(world):
    sw = subsidy_world(world)
    client = _client(sw.city_admin)
    created = client.post(
        reverse("welfare:subsidy_create"),
        {
            "name": "2020年送温暖补助",
            "year": "2020",
            "budget_line": sw.line.pk,
            "total": "8000",
            "spend_by": "",
        },
    )
    subsidy = Subsidy.objects.get()
    assert created["Location"] == reverse("welfare:subsidy_detail", args=[subsidy.pk])
    client.post(
        reverse("welfare:subsidy_allocate", args=[subsidy.pk]),
        {f"share_{world.county_x.pk}": "5000", f"share_{world.county_y.pk}": ""},
    )
    url = reverse("welfare:subsidy_transfer", args=[subsidy.pk])
    assert "确认下拨 5000.00 元" in client.get(url).content.decode()
    for _ in range(2):
        assert client.post(url).status_code == 302
    assert [(e.payee_name, str(e.amount)) for e in LedgerEntry.objects.all()] == [("甲县教育工会", "5000.00")]
    assert QuotaAllocation.objects.filter(org=world.county_y).exists() is False  # an empty box makes no line
    # a staff member holds the care actions but not ledger.manage: no transfer
    staff = cadre("staff_city", world.city, role=UNION_STAFF)
    assert _client(staff).get(url).status_code == 403


def test_spend_by_phone_then_delete_after_confirmation(world):
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    client = _client(world.org_admin)
    url = reverse("welfare:subsidy_spend", args=[subsidy.pk])
    over = client.post(url, _spend_form(amount="3000.01"))
    assert "本级尚余 3000.00 元可用" in str(over.context["form"].errors["amount"])
    assert client.post(url, _spend_form(member=world.member_a.phone, recipient_name="")).status_code == 302
    spending = SubsidySpending.objects.get()
    assert (spending.member, spending.recipient_name) == (world.member_a, "甲会员")
    delete_url = reverse("welfare:subsidy_spending_delete", args=[spending.pk])
    assert _client(world.outsider).get(delete_url).status_code == 404
    assert _client(world.org_member).get(delete_url).status_code == 403
    assert "确认删除" in client.get(delete_url).content.decode()
    assert client.post(delete_url).status_code == 302
    assert SubsidySpending.objects.count() == 0
    assert TimelineEntry.objects.filter(action="spending_delete").count() == 1
    assert (
        AuditLog.objects.filter(summary__startswith="删除补助使用记录：甲县第一中学工会 向 甲会员").count()
        == 1
    )


def test_list_filters_and_the_audited_export(world):
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    make_subsidy(sw, name="2021年送温暖补助", total=100)
    client = _client(sw.city_admin)
    listed = client.get(reverse("welfare:subsidy_list"), {"status": "issued"})
    assert [s.name for s in listed.context["page"].object_list] == ["2020年疫情防控一线送温暖补助"]
    assert (
        "没有符合条件的补助"
        in client.get(reverse("welfare:subsidy_list"), {"q": "无此补助"}).content.decode()
    )
    assert (
        list(_client(world.outsider).get(reverse("welfare:subsidy_list")).context["page"].object_list) == []
    )
    subsidy_spend(
        subsidy=subsidy,
        org=world.org_a,
        amount="200",
        spent_on=dt.date(2020, 2, 1),
        purpose="慰问",
        recipient_name="外援医护人员",
        actor=sw.city_admin,
    )
    export = client.post(reverse("welfare:subsidy_export", args=[subsidy.pk]))
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"]
    assert sheet_names(export.content) == ["分配与使用汇总", "使用明细"]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).get().detail["rows"] == 1
    assert client.get(reverse("welfare:subsidy_export", args=[subsidy.pk])).status_code == 405


def test_close_after_confirmation_stops_sharing_and_spending(world):
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw)
    url = reverse("welfare:subsidy_close", args=[subsidy.pk])
    assert _client(sw.county_admin).get(url).status_code == 403  # the county did not make it
    client = _client(sw.city_admin)
    assert "结余 10000.00 元" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.status == "closed"
    assert TimelineEntry.objects.filter(object_id=str(subsidy.pk), action="close").get().note == (
        "共使用 0.00 元，结余 10000.00 元"
    )
    for name in ("subsidy_close", "subsidy_spend", "subsidy_allocate", "subsidy_edit", "subsidy_transfer"):
        assert client.get(reverse(f"welfare:{name}", args=[subsidy.pk])).status_code == 403, name
    assert client.get(reverse("welfare:subsidy_detail", args=[subsidy.pk])).status_code == 200
