"""志愿服务 pages: three actors (org A's admin, its plain member, org B's admin) on the team, project and batch
pages (nothing written on denial), the batch form's messages, the totals' export (POST, audited, no-store), the
member's portal page and 证明 request with its receipt, the PDF (bytes of a PDF, no-store), the public check page
that never shows the ID number, 我的办理 in one query."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.identity import decrypt_identifier
from gonghui.activities.choices import ProofStatus, ServiceRecordStatus
from gonghui.activities.models import ProofRequest, ServiceRecord, VolunteerMembership
from gonghui.activities.selectors.volunteers import my_requests
from gonghui.activities.services.volunteers import records_publicise
from gonghui.activities.tests.factories_volunteers import enter, make_project, make_team
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.notices.services import notices_close_due

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def project(world):
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a,))
    return make_project(team=team, actor=world.org_admin)


def _counted(project, world) -> None:
    # served this year whatever the day the tests run (on 1 January: today)
    days_ago = min(5, timezone.localdate().timetuple().tm_yday - 1)
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "2")], days_ago=days_ago)
    records_publicise(project=project, actor=world.org_admin)
    notices_close_due(today=timezone.localdate() + dt.timedelta(days=7))


def test_three_actors_on_the_console_pages(world, project):
    team = project.team
    pages = [
        reverse("activities:team_list"),
        reverse("activities:team_detail", args=[team.pk]),
        reverse("activities:project_detail", args=[project.pk]),
        reverse("activities:record_batch", args=[project.pk]),
        reverse("activities:volunteer_detail", args=[world.member_a.public_id]),
        reverse("activities:volunteer_hours"),
    ]
    admin, member, outsider = _client(world.org_admin), _client(world.org_member), _client(world.outsider)
    for url in pages:
        assert admin.get(url).status_code == 200, url
        assert member.get(url).status_code == 403, url
    for url in pages[1:5]:
        assert outsider.get(url).status_code == 404, url
    assert "送教下乡志愿服务队" not in outsider.get(reverse("activities:team_list")).content.decode()
    batch = reverse("activities:record_batch", args=[project.pk])
    membership = VolunteerMembership.objects.get(team=team)
    data = {
        "served_on": f"{timezone.localdate():%Y-%m-%d}",
        "content": "示范课",
        f"hours_{membership.pk}": "3",
    }
    assert member.post(batch, data).status_code == 403
    assert outsider.post(batch, data).status_code == 404
    assert not ServiceRecord.objects.exists()
    assert admin.post(batch, data).status_code == 302
    assert ServiceRecord.objects.get().hours == Decimal("3")


def test_batch_form_messages_name_the_field(world, project):
    membership = VolunteerMembership.objects.get(team=project.team)
    url = reverse("activities:record_batch", args=[project.pk])
    admin = _client(world.org_admin)
    day = f"{timezone.localdate():%Y-%m-%d}"
    page = admin.post(
        url, {"served_on": day, "content": "示范课", f"hours_{membership.pk}": "30"}
    ).content.decode()
    assert "第1行 甲会员：服务时长须大于0且不超过24小时" in page
    page = admin.post(url, {"served_on": day, "content": "示范课"}).content.decode()
    assert "请至少为一名志愿者填写服务时长" in page
    page = admin.post(url, {"served_on": "", "content": "", f"hours_{membership.pk}": "abc"}).content.decode()
    assert "请填写服务日期" in page
    assert "甲会员的服务时长" in page
    assert not ServiceRecord.objects.exists()


def test_publicise_page_and_totals_export(world, project):
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "2")])
    admin = _client(world.org_admin)
    url = reverse("activities:project_publicise", args=[project.pk])
    assert "将在" in admin.get(url).content.decode()
    assert _client(world.org_member).post(url).status_code == 403
    assert admin.post(url).status_code == 302
    assert ServiceRecord.objects.get().status == ServiceRecordStatus.PUBLICISED
    assert admin.get(reverse("activities:volunteer_hours_export")).status_code == 405
    response = admin.post(reverse("activities:volunteer_hours_export"), {"year": timezone.localdate().year})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, actor=world.org_admin).exists()


def test_portal_page_request_receipt_and_pdf(world, project):
    _counted(project, world)
    member = _client(world.org_member)
    page = member.get(reverse("activities_portal:volunteer_mine"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert 'id="hours-counted">3.0<' in text, text[text.find("my-hours") : text.find("my-hours") + 400]
    today = timezone.localdate()
    response = member.post(
        reverse("activities_portal:proof_new"),
        {
            "org": world.org_a.pk,
            "period_from": f"{today.replace(month=1, day=1):%Y-%m-%d}",
            "period_to": f"{today:%Y-%m-%d}",
            "purpose": "评优评先",
        },
    )
    proof = ProofRequest.objects.get()
    assert response["Location"] == reverse("activities_portal:proof_receipt", args=[proof.public_id])
    assert proof.status == ProofStatus.ISSUED
    assert proof.hours == Decimal("3")
    receipt = member.get(response["Location"]).content.decode()
    assert proof.number in receipt
    pdf = member.get(response["Location"] + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    # another member's receipt and the console cadres: not found / refused
    assert _client(world.org_admin).get(response["Location"]).status_code in {403, 404}
    with CaptureQueriesContext(connection) as queries:
        rows = my_requests(world.org_member)
    assert len(queries.captured_queries) == 1
    assert rows[0].status == "已出具"


def test_public_check_never_shows_the_id_number(world, project):
    _counted(project, world)
    from gonghui.activities.services.volunteers import proof_request

    today = timezone.localdate()
    proof = proof_request(
        member=world.member_a,
        org=world.org_a,
        period_from=today - dt.timedelta(days=30),
        period_to=today,
        purpose="",
        actor=world.org_member,
    )
    id_number = decrypt_identifier(world.member_a.id_number_encrypted)
    certificate = proof.certificate
    assert certificate is not None
    page = Client().get(reverse("certificates:verify", args=[certificate.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "志愿服务记录证明" in text
    assert id_number not in text
    assert world.member_a.id_number_masked not in text
    assert id_number not in str(certificate.data)


def test_refused_request_shows_the_reason(world, project):
    member = _client(world.org_member)
    today = timezone.localdate()
    response = member.post(
        reverse("activities_portal:proof_new"),
        {"org": world.org_a.pk, "period_from": f"{today:%Y-%m-%d}", "period_to": f"{today:%Y-%m-%d}"},
    )
    proof = ProofRequest.objects.get()
    assert proof.status == ProofStatus.REFUSED
    receipt = member.get(response["Location"]).content.decode()
    assert "没有甲县第一中学工会已计入（公示期满）的志愿服务记录" in receipt
    assert member.get(response["Location"] + "?format=pdf").status_code == 404


def test_my_page_shows_the_volunteer_hours(world, project):
    member = _client(world.org_member)
    # a member who never served sees no volunteer line on 我的
    assert "志愿服务时长" not in member.get(reverse("portal:me")).content.decode()
    # once a record counted, 我的 shows this year's hours (3, the 2 hours' journey left out) and links the page
    _counted(project, world)
    text = member.get(reverse("portal:me")).content.decode()
    assert "志愿服务时长" in text
    assert "本年已计入 3.0 小时" in text
    assert reverse("activities_portal:volunteer_mine") in text
