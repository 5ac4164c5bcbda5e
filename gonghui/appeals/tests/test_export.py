"""The case desk's export (诉求清单) through the spreadsheets Exporter registry: the three actors, the desk's
filters, anonymity in the file (also when the export runs as a background job), lawyers admitted by the
exporter's `also_actions` (whoever may open the desk), and a large export that becomes a job and produces the file."""

import pytest
from django.urls import reverse

from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.appeals.models import Appeal
from gonghui.appeals.spreadsheets import APPEALS, EXPORT_HEADERS, AppealExporter
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditAction, AuditLog
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob

pytestmark = pytest.mark.django_db
REQUESTER = EXPORT_HEADERS.index("申请人")


@pytest.fixture
def admins_handle(world):
    """org A's and org B's admins are 维权干事 of their unions."""
    RoleGrantFactory.create(user=world.org_admin, role="appeals_handler", org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role="appeals_handler", org=world.org_b)
    return world


def _titles(content: bytes) -> list[str]:
    rows = read_rows(content)
    assert rows[0] == list(EXPORT_HEADERS)
    return sorted(str(row[1]) for row in rows[1:])


def _cells(content: bytes) -> list[str]:
    return [str(c) for row in read_rows(content) for c in row]


@pytest.mark.parametrize(
    ("_case", "actor", "status", "titles"),
    [
        ("org A's admin exports org A's cases", "org_admin", 200, ["拖欠课时费甲"]),
        ("plain member is refused", "org_member", 403, None),
        ("org B's admin sees nothing of org A", "outsider", 200, ["乙方诉求"]),
    ],
)
def test_export_for_the_three_actors(request, client, admins_handle, member_b, _case, actor, status, titles):
    # given
    world = admins_handle
    make_appeal(world.member_a, title="拖欠课时费甲")
    make_appeal(member_b, title="乙方诉求")
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("spreadsheets:export_start", args=["appeals"]))
    # then
    assert response.status_code == status
    if titles is None:
        assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert _titles(response.content) == titles
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.summary, log.actor_id) == ("导出诉求清单 1 行", request.getfixturevalue(actor).pk)


def test_the_generic_export_page_refuses_a_plain_member_and_scopes_org_b(client, admins_handle, member_b):
    # given
    world = admins_handle
    make_appeal(world.member_a, title="拖欠课时费甲")
    url = reverse("spreadsheets:export_start", args=[APPEALS])
    # then
    client.force_login(world.org_member)
    assert client.post(url).status_code == 403
    client.force_login(world.outsider)
    assert _titles(client.post(url).content) == []


def test_the_export_keeps_the_desk_filters(world, handler_a):
    # given
    make_appeal(world.member_a, title="拖欠课时费甲")
    make_appeal(world.member_a, title="食堂问题", code="other")
    exporter = AppealExporter()
    # then
    assert exporter.count(user=handler_a, params={}) == 2
    assert [r[1] for r in exporter.rows(user=handler_a, params={"q": "食堂"})] == ["食堂问题"]
    assert exporter.count(user=handler_a, params={"status": "accepted"}) == 0
    assert exporter.count(user=handler_a, params={"status": "nonsense", "page": "3"}) == 2


@pytest.mark.parametrize("actor", ["handler_a", "supervisor"])
def test_an_anonymous_case_reads_anonymous_in_the_file(request, client, world, actor):
    # given
    make_appeal(world.member_a, anonymous=True, title="匿名反映加班")
    make_appeal(world.member_a, title="实名反映")
    secrets = [world.member_a.name, world.member_a.phone, world.member_a.phone[-4:]]
    client.force_login(request.getfixturevalue(actor))
    # when
    response = client.post(reverse("spreadsheets:export_start", args=["appeals"]))
    # then
    rows = {row[1]: row[REQUESTER] for row in read_rows(response.content)[1:]}
    assert rows["匿名反映加班"] == "匿名"
    assert rows["实名反映"] == world.member_a.name
    anonymous_row = next(row for row in read_rows(response.content) if row[1] == "匿名反映加班")
    assert [s for s in secrets if any(s in str(c) for c in anonymous_row)] == []


def test_a_lawyer_exports_only_the_assigned_cases(client, world, lawyer):
    # given
    assigned = make_appeal(world.member_a, title="指派的案件", anonymous=True)
    make_appeal(world.member_a, title="另一件事情")
    Appeal.objects.filter(pk=assigned.pk).update(lawyer=lawyer)
    client.force_login(lawyer)
    # when
    response = client.post(reverse("spreadsheets:export_start", args=["appeals"]))
    # then
    assert response.status_code == 200
    assert _titles(response.content) == ["指派的案件"]
    assert world.member_a.name not in _cells(response.content)


def test_a_large_export_runs_as_a_job_scoped_and_anonymous(
    client, world, handler_a, member_b, monkeypatch, django_capture_on_commit_callbacks
):
    # given exports above two rows become jobs, and org A has three cases (one anonymous), org B one
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 2)
    make_appeal(world.member_a, title="甲一")
    make_appeal(world.member_a, title="甲二")
    make_appeal(world.member_a, title="甲匿名", anonymous=True)
    make_appeal(member_b, title="乙方诉求")
    client.force_login(handler_a)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("spreadsheets:export_start", args=["appeals"]), query_params={"q": "甲", "page": "2"}
        )
    # then the page is the job's progress page, and the job ran for the requesting user
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total_rows, job.params) == (APPEALS, ExportStatus.DONE, 3, {"q": "甲"})
    assert job.created_by == handler_a
    assert client.get(job.get_absolute_url()).status_code == 200
    download = client.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    assert _titles(download.content) == ["甲一", "甲二", "甲匿名"]
    anonymous_row = next(row for row in read_rows(download.content) if row[1] == "甲匿名")
    assert anonymous_row[REQUESTER] == "匿名"
    assert [c for c in anonymous_row if world.member_a.name in str(c) or world.member_a.phone in str(c)] == []
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出诉求清单 3 行"
    # nobody else may download the file
    client.force_login(world.outsider)
    assert client.get(reverse("spreadsheets:export_job_download", args=[job.public_id])).status_code == 404
