"""慰问 pages: the three-actor matrix on a payment's and a standard's pages (org A's admin, its plain member 403,
org B's admin 404, nothing written on denial), 登记慰问 through the form (member search, the visit in the same form,
a double POST paying once, an error naming the amount), the list's filters, totals and audited export, 登记走访 and
冲销 pages, the standards list and form, and the member's receipt (own only, the notification, 我的办理)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_member_user
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.registry import member_requests
from gonghui.ledger.models import LedgerEntry
from gonghui.notifications.models import Notification
from gonghui.visits.models import Visit
from gonghui.welfare.choices import CondolenceOccasion
from gonghui.welfare.models import CondolencePayment, CondolenceStandard
from gonghui.welfare.tests.factories_condolences import condolence_line, make_payment, make_standard

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid(world):
    admin = world.org_admin
    standard = make_standard(admin, world.org_a, max_amount="500", times=2, basis="甲中工〔2020〕1号")
    line = condolence_line(world.org_a)
    payment = make_payment(admin, world.org_a, world.member_a, line)
    return standard, line, payment


def _post(line, member, **extra):
    data = {
        "member": str(member.public_id),
        "org": line.fund.org_id,
        "occasion": CondolenceOccasion.HOSPITAL,
        "event_date": "2026-04-01",
        "amount": "400",
        "budget_line": line.pk,
        "note": "",
        "visited_on": "",
        "visitors": "",
        "content": "",
        "gifts": "",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not", "org_member", 403),
        ("org admin", "org_admin", 200),
    ],
)
def test_object_pages_three_actors(request, world, paid, _case, actor, status):
    standard, _line, payment = paid
    client = _client(request.getfixturevalue(actor))
    urls = [
        reverse(f"welfare:{route}", args=[payment.pk])
        for route in ("condolence_detail", "condolence_reverse", "condolence_visit")
    ]
    urls.append(reverse("welfare:standard_edit", args=[standard.pk]))
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, status)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("plain member", "org_member", 403), ("org admin", "org_admin", 302)],
)
def test_reverse_post_three_actors(request, world, paid, _case, actor, status):
    _standard, _line, payment = paid
    url = reverse("welfare:condolence_reverse", args=[payment.pk])
    response = _client(request.getfixturevalue(actor)).post(url, {"reason": "金额登记错误"})
    assert response.status_code == status
    assert LedgerEntry.objects.filter(reverses=payment.ledger_entry).exists() is (status == 302)


def test_create_finds_the_member_records_the_visit_and_a_double_post_pays_once(world, paid):
    _standard, line, _payment = paid
    client = _client(world.org_admin)
    other = make_member_user("13700002222", world.org_a, name="乙会员")[1]
    found = client.get(reverse("welfare:condolence_create"), {"q": "13700002222"})
    assert list(found.context["results"]) == [other]
    chosen = client.get(reverse("welfare:condolence_create"), {"member": str(other.public_id)})
    assert chosen.context["member"] == other
    data = _post(line, other, visited_on="2026-04-02", visitors="王主席", gifts="鲜花")
    first = client.post(reverse("welfare:condolence_create"), data)
    second = client.post(reverse("welfare:condolence_create"), data)
    payment = CondolencePayment.objects.get(member=other)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse("welfare:condolence_detail", args=[payment.pk])
    assert LedgerEntry.objects.filter(payee_member=other).count() == 1
    assert Visit.objects.get(member=other) == payment.visit
    page = client.get(first["Location"])
    assert "王主席" in page.content.decode()
    assert [e.action for e in page.context["timeline"]] == ["pay", "visit"]


def test_create_errors_name_the_field_and_write_nothing(world, paid):
    _standard, line, _payment = paid
    client = _client(world.org_admin)
    over = client.post(reverse("welfare:condolence_create"), _post(line, world.member_a, amount="501"))
    assert over.status_code == 200
    assert "上限为 500.00 元，本次 501.00 元" in over.context["form"].errors["amount"][0]
    half = client.post(reverse("welfare:condolence_create"), _post(line, world.member_a, gifts="水果"))
    assert half.context["form"].errors["visitors"] == ["登记走访请填写走访人员"]
    assert CondolencePayment.objects.count() == 1


def test_outsider_cannot_pay_a_member_of_org_a(world, paid):
    _standard, _line, _payment = paid
    line_b = condolence_line(world.org_b)
    response = _client(world.outsider).post(
        reverse("welfare:condolence_create"), _post(line_b, world.member_a, event_date="2026-05-01")
    )
    assert response.status_code == 200
    assert response.context["member"] is None
    assert CondolencePayment.objects.count() == 1


def test_list_filters_totals_and_the_audited_export(world, paid):
    _standard, line, _payment = paid
    admin = world.org_admin
    make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2025, 6, 1), amount="200")
    client = _client(admin)
    listed = client.get(reverse("welfare:condolence_list"), {"year": "2026"})
    assert [p.event_date for p in listed.context["page"].object_list] == [dt.date(2026, 3, 2)]
    assert [(t.label, t.count, str(t.total)) for t in listed.context["totals"]] == [("生病住院", 1, "300.00")]
    searched = client.get(reverse("welfare:condolence_list"), {"q": "无此人"})
    assert "没有符合条件的慰问记录" in searched.content.decode()
    assert (
        _client(world.outsider).get(reverse("welfare:condolence_list")).context["page"].paginator.count == 0
    )
    exported = client.post(reverse("welfare:condolence_export") + "?year=2026")
    assert exported.status_code == 200
    assert "no-store" in exported["Cache-Control"]
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert log.detail["rows"] == 1


def test_visit_page_records_the_visit_once(world, paid):
    _standard, _line, payment = paid
    client = _client(world.org_admin)
    url = reverse("welfare:condolence_visit", args=[payment.pk])
    done = client.post(url, {"visited_on": "2026-03-05", "visitors": "张主席", "content": "病情稳定"})
    assert done.status_code == 302
    payment.refresh_from_db()
    assert (payment.visit.visitors, payment.visit.member) == ("张主席", world.member_a)
    assert "该慰问已登记走访" in client.get(url).content.decode()


def test_standard_pages(world, paid):
    standard, _line, _payment = paid
    client = _client(world.org_admin)
    listed = client.get(reverse("welfare:standard_list"))
    assert [(r.standard, r.state, r.may_edit) for r in listed.context["page"].object_list] == [
        (standard, "现行", False)
    ]
    created = client.post(
        reverse("welfare:standard_create"),
        {
            "org": world.org_a.pk,
            "occasion": CondolenceOccasion.HOSPITAL,
            "max_amount": "600",
            "times_per_year": "",
            "effective_from": "2026-06-01",
            "basis": "甲中工〔2026〕2号",
        },
    )
    assert created.status_code == 302
    rows = client.get(reverse("welfare:standard_list")).context["page"].object_list
    assert [(r.standard.max_amount, r.state) for r in rows] == [(600, "现行"), (500, "已被取代")]
    twin = client.post(
        reverse("welfare:standard_create"),
        {"org": world.org_a.pk, "occasion": "hospital", "max_amount": "700", "effective_from": "2026-06-01"},
    )
    assert "同一事由同一执行日期只能有一条标准" in twin.context["form"].errors["effective_from"][0]
    assert CondolenceStandard.objects.count() == 2


def test_member_receipt_is_own_only_notified_and_in_my_requests(world, paid):
    _standard, _line, payment = paid
    url = reverse("welfare_portal:condolence_receipt", args=[payment.public_id])
    notice = Notification.objects.get(recipient=world.org_member)
    assert notice.url == url
    own = _client(world.org_member).get(url)
    assert own.status_code == 200
    assert "300.00 元" in own.content.decode()
    other_user, _other = make_member_user("13700003333", world.org_a, name="丙会员")
    assert _client(other_user).get(url).status_code == 404
    requests = member_requests.get("welfare.condolence").requests(world.org_member)
    assert [(r.url, r.status) for r in requests] == [(url, "已发放")]
