"""The 签收情况 board export through the spreadsheets Exporter registry: the board page's button, the rows of the
issuer's board and of one forward's, who may export, the audit row, and a large board that becomes a background job
(listed behaviour change of issue 12: the export used to be built and audited inside a documents view)."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from gonghui.core.excel import read_rows
from gonghui.core.models import AuditAction, AuditLog
from gonghui.documents.services import receipt_forward
from gonghui.documents.spreadsheets import BOARD, BOARD_HEADERS, BoardExporter
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.spreadsheets import services as sheet_services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob

from .factories import make_issued, receipt_of

pytestmark = pytest.mark.django_db


def _export(client, params):
    return client.post(reverse("spreadsheets:export_start", args=[BOARD]), query_params=params)


@pytest.fixture
def notice(docs):
    """A county notice to org A only."""
    return make_issued(
        docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="读书月通知"
    )


def test_the_board_page_posts_to_the_registry_export(client, docs, notice):
    client.force_login(docs.county_x_officer)
    page = client.get(reverse("documents:document_board", args=[notice.public_id])).content.decode()
    assert f'{reverse("spreadsheets:export_start", args=[BOARD])}?document={notice.public_id}"' in page


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the issuer's cadre exports the board", "county_x_officer", 200),
        ("a recipient does not read the issuer's board", "org_admin", 403),
        ("an outsider does not see the document", "outsider", 404),
        ("a plain member is refused", "org_member", 403),
    ],
)
def test_who_exports_the_board(client, request, docs, notice, _case, actor, status):
    user = getattr(docs, actor, None) or request.getfixturevalue(actor)
    client.force_login(user)
    response = _export(client, {"document": str(notice.public_id)})
    assert response.status_code == status
    if status != 200:
        assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert unquote(response["Content-Disposition"]).endswith(f"签收情况-{notice.document_number}.xlsx")
    rows = read_rows(response.content)
    assert rows[0] == list(BOARD_HEADERS)
    assert [[str(v) for v in row[:2]] for row in rows[1:]] == [["甲县第一中学工会", "主送"]]
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (log.summary, log.actor_id) == ("导出公文签收情况 1 行", user.pk)


def test_a_forwards_board_has_its_own_rows(client, docs, world):
    OrgFactory.create(parent=world.county_x, code="ORGC", name="甲县第二小学工会", unit_name="甲县第二小学")
    notice = make_issued(world.city, docs.city_officer, main_to="甲县教育工会")
    forward = receipt_forward(
        receipt=receipt_of(notice, world.county_x), actor=docs.county_x_officer, targets_text="各基层工会"
    )
    exporter = BoardExporter()
    params = {"document": str(notice.public_id), "forward": str(forward.public_id)}
    assert sorted(r[0] for r in exporter.rows(user=docs.county_x_officer, params=params)) == [
        "甲县第一中学工会",
        "甲县第二小学工会",
    ]
    assert [
        r[0] for r in exporter.rows(user=docs.city_officer, params={"document": str(notice.public_id)})
    ] == ["甲县教育工会"]
    client.force_login(docs.county_x_officer)
    page = client.get(
        reverse("documents:document_board", args=[notice.public_id]), {"forward": str(forward.public_id)}
    ).content.decode()
    assert f"?document={notice.public_id}&amp;forward={forward.public_id}" in page


def test_a_large_board_is_exported_as_a_job(
    client, docs, world, monkeypatch, django_capture_on_commit_callbacks
):
    # given boards above one row become jobs; the city's notice reaches two counties and org A
    monkeypatch.setattr(sheet_services, "DIRECT_EXPORT_MAX_ROWS", 1)
    notice = make_issued(
        world.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会、甲县第一中学工会"
    )
    client.force_login(docs.city_officer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, {"document": str(notice.public_id)})
    # then the job ran for the requesting user and produced the file under the board's name
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total_rows, job.file_name) == (
        BOARD,
        ExportStatus.DONE,
        3,
        f"签收情况-{notice.document_number}.xlsx",
    )
    download = client.get(reverse("spreadsheets:export_job_download", args=[job.public_id]))
    rows = read_rows(download.content)
    assert sorted(str(r[0]) for r in rows[1:]) == ["乙县教育工会", "甲县教育工会", "甲县第一中学工会"]
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出公文签收情况 3 行"
