"""Exports of the 法律咨询 and 法律援助申请 lists through the spreadsheets Exporter registry: the three actors,
the list filters, the audit row, and a large export that becomes a background job and produces the file."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.excel import read_rows
from gonghui.core.models import AuditAction, AuditLog
from gonghui.legal.choices import AidStatus, ConsultationStatus
from gonghui.legal.spreadsheets import (
    AID_HEADERS,
    APPLICATIONS,
    CONSULTATION_HEADERS,
    CONSULTATIONS,
    AidApplicationExporter,
    ConsultationExporter,
)
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob

from .factories import make_application, make_consultation

pytestmark = pytest.mark.django_db


def _export(client, kind, params=None):
    return client.post(reverse("spreadsheets:export_start", args=[kind]), query_params=params or {})


@pytest.fixture
def cases(world):
    make_consultation(world.org_a, title="甲的咨询")
    make_consultation(world.org_b, title="乙的咨询")
    make_application(world.org_a, applicant_name="甲申请人")
    make_application(world.org_b, applicant_name="乙申请人", amount_involved=Decimal("500"))


@pytest.mark.parametrize(
    ("kind", "headers", "column", "label"),
    [
        (CONSULTATIONS, CONSULTATION_HEADERS, 5, "法律咨询"),
        (APPLICATIONS, AID_HEADERS, 2, "法律援助申请"),
    ],
)
@pytest.mark.parametrize(
    ("_case", "actor", "status", "side"),
    [
        ("org A's admin exports org A's cases", "org_admin", 200, "甲"),
        ("plain member is refused", "org_member", 403, None),
        ("org B's admin sees nothing of org A", "outsider", 200, "乙"),
    ],
)
def test_export_for_the_three_actors(
    request, client, world, cases, kind, headers, column, label, _case, actor, status, side
):
    # given
    user = request.getfixturevalue(actor)
    client.force_login(user)
    # when
    response = _export(client, kind)
    # then
    assert response.status_code == status
    if side is None:
        assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
        return
    rows = read_rows(response.content)
    assert rows[0] == list(headers)
    assert [str(r[column])[0] for r in rows[1:]] == [side]
    assert [str(r[1]) for r in rows[1:]] == [world.org_a.name if side == "甲" else world.org_b.name]
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.summary, log.actor_id) == (f"导出{label} 1 行", user.pk)


def test_the_exports_keep_the_list_filters(world, handler_a, lawyer_a):
    # given
    make_consultation(world.org_a, title="工资问题")
    make_consultation(world.org_a, title="已答问题", status=ConsultationStatus.ANSWERED)
    make_application(world.org_a, applicant_name="甲申请人")
    make_application(world.org_a, applicant_name="甲已批", status=AidStatus.APPROVED, lawyer=lawyer_a)
    consultations, applications = ConsultationExporter(), AidApplicationExporter()
    # then
    assert consultations.count(user=handler_a, params={}) == 2
    assert [r[5] for r in consultations.rows(user=handler_a, params={"status": "pending"})] == ["工资问题"]
    assert consultations.count(user=handler_a, params={"q": "已答", "status": "bogus"}) == 1
    assert [r[2] for r in applications.rows(user=handler_a, params={"status": "approved"})] == ["甲已批"]
    assert applications.count(user=handler_a, params={"q": "甲申请"}) == 1


def test_the_list_pages_link_to_the_registry_export_with_their_filters(client, world, handler_a):
    client.force_login(handler_a)
    body = client.get(reverse("legal:application_list"), {"status": "approved"}).content.decode()
    assert reverse("spreadsheets:export_start", args=[APPLICATIONS]) + "?status=approved" in body
    body = client.get(reverse("legal:consultation_list")).content.decode()
    assert reverse("spreadsheets:export_start", args=[CONSULTATIONS]) in body


@pytest.mark.parametrize(
    ("kind", "make", "column", "label"),
    [
        (CONSULTATIONS, lambda org, n: make_consultation(org, title=f"咨询甲{n}"), 5, "法律咨询"),
        (
            APPLICATIONS,
            lambda org, n: make_application(org, applicant_name=f"申请人甲{n}"),
            2,
            "法律援助申请",
        ),
    ],
)
def test_a_large_export_runs_as_a_job(
    client, world, handler_a, kind, make, column, label, monkeypatch, django_capture_on_commit_callbacks
):
    # given exports above two rows become jobs; org A has three cases, org B one
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 2)
    for n in range(3):
        make(world.org_a, n)
    make(world.org_b, 9)
    client.force_login(handler_a)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, kind, {"q": "甲", "page": "4"})
    # then the job ran for the requesting user and produced the file
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total_rows, job.params) == (kind, ExportStatus.DONE, 3, {"q": "甲"})
    assert client.get(job.get_absolute_url()).status_code == 200
    download = client.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    rows = read_rows(download.content)
    assert sorted(str(r[column])[-1] for r in rows[1:]) == ["0", "1", "2"]
    assert {str(r[1]) for r in rows[1:]} == {world.org_a.name}
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == f"导出{label} 3 行"
    # the file is the requester's own
    client.force_login(world.outsider)
    assert client.get(reverse("spreadsheets:export_job_download", args=[job.public_id])).status_code == 404
