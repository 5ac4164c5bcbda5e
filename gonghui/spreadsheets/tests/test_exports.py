"""Exports through the registry, shown with the org list: direct xlsx below the threshold, a background job
above it, the download read back, the audit entry, and who may export what (three actors)."""

import io
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec
from gonghui.core.models import AuditLog
from gonghui.core.spreadsheets import Exporter, exporters
from gonghui.spreadsheets import services
from gonghui.spreadsheets.choices import ExportStatus
from gonghui.spreadsheets.models import ExportJob
from gonghui.spreadsheets.selectors import exporter_for

pytestmark = pytest.mark.django_db

URL = reverse("spreadsheets:export_start", args=["orgs"])


def _rows(content: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.fixture
def county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


def test_a_small_export_comes_back_at_once_scoped_to_the_actor(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post(URL, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Chromium 导出测试")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = _rows(response.content)
    assert rows[0][:3] == ["组织编码", "工会名称", "上级组织编码"]
    assert rows[0][-1] == "状态"
    assert [row[:3] for row in rows[1:]] == [
        ["CX", "甲县教育工会", "CITY"],
        ["ORGA", "甲县第一中学工会", "CX"],
    ]
    assert not ExportJob.objects.exists()
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (audit.actor_id, audit.summary, audit.detail) == (
        county_admin.pk,
        "导出组织列表 2 行",
        {"params": {}},
    )
    assert (audit.ip_address, audit.user_agent) == ("10.1.2.3", "Chromium 导出测试")


def test_the_export_keeps_the_list_filters_but_not_the_page(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post(f"{URL}?q=第一中学&page=3")
    assert [row[0] for row in _rows(response.content)[1:]] == ["ORGA"]
    assert AuditLog.objects.get(action=AuditAction.EXPORT).detail == {"params": {"q": "第一中学"}}


def test_a_sibling_admin_exports_only_their_own_org_and_a_member_is_refused(client, world):
    client.force_login(world.outsider)
    assert [row[0] for row in _rows(client.post(URL).content)[1:]] == ["ORGB"]
    client.force_login(world.org_admin)
    assert [row[0] for row in _rows(client.post(URL).content)[1:]] == ["ORGA"]
    client.force_login(world.org_member)
    assert client.post(URL).status_code == 403
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_export_is_post_only_and_an_unknown_kind_is_not_found(client, world, county_admin):
    client.force_login(county_admin)
    assert client.get(URL).status_code == 405
    assert client.post(reverse("spreadsheets:export_start", args=["nonsense"])).status_code == 404


def test_above_the_threshold_an_export_becomes_a_job_with_a_download(
    client, world, county_admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "DIRECT_EXPORT_MAX_ROWS", 1)
    client.force_login(county_admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(URL)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total_rows, job.file_name, job.attempt) == (
        ExportStatus.RUNNING,
        2,
        "组织列表.xlsx",
        1,
    )
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()  # audited when the file exists
    polling = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="running"' in polling
    assert 'data-progress="0">0%' in polling
    assert "hx-get" in polling
    download = reverse("spreadsheets:export_job_download", args=[job.public_id])
    assert client.get(download).status_code == 404  # nothing to download yet
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ExportStatus.DONE, 2)
    done = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in done
    assert 'data-progress="100">100%' in done
    assert download in done
    response = client.get(download)
    assert "no-store" in response["Cache-Control"]
    assert [row[0] for row in _rows(response.content)[1:]] == ["CX", "ORGA"]
    assert AuditLog.objects.get(action=AuditAction.EXPORT).summary == "导出组织列表 2 行"


def test_an_export_job_is_its_creators_only(
    client, world, county_admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "DIRECT_EXPORT_MAX_ROWS", 0)
    with django_capture_on_commit_callbacks(execute=True):
        _content, job = services.export_request(kind="orgs", actor=county_admin, params={})
    assert job is not None
    other_admin = make_cadre("county_x_admin_2", world.county_x)
    # other console users: no such job for them (404); a plain member never reaches the console (403)
    for other, status in ((other_admin, 404), (world.outsider, 404), (world.org_member, 403)):
        client.force_login(other)
        assert client.get(job.get_absolute_url()).status_code == status
        assert (
            client.get(reverse("spreadsheets:export_job_download", args=[job.public_id])).status_code
            == status
        )


def test_a_crash_while_generating_fails_the_export_retryably(world, county_admin, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_EXPORT_MAX_ROWS", 0)
    _content, job = services.export_request(kind="orgs", actor=county_admin, params={})
    assert job is not None
    exporter = exporter_for("orgs")

    def broken_rows(*, user, params):
        raise ZeroDivisionError

    monkeypatch.setattr(exporter, "rows", broken_rows)
    with pytest.raises(ZeroDivisionError):
        services.export_job_run(job.pk, job.attempt)
    job.refresh_from_db()
    assert (job.status, job.retryable) == (ExportStatus.FAILED, True)
    assert job.message == "后台任务出错（ZeroDivisionError），导出文件未生成。请重试或取消。"
    assert not job.file


class _TwoSheets(Exporter):
    key = "two_sheets"
    label = "两表统计"
    action = "orgs.view"

    def count(self, *, user, params):
        return 0

    def sheets(self, *, user, params):
        return [
            SheetSpec("汇总", ["指标", "数值"], [["单位数", 2], ["会员数", 30]]),
            SheetSpec("分组", ["组", "人数"], [["甲", 10], ["乙", 20], ["丙", 0]]),
        ]


def test_a_statistics_exporter_writes_its_sheets_at_once_and_is_audited_once(
    client, world, county_admin, monkeypatch
):
    monkeypatch.setitem(exporters._items, "two_sheets", _TwoSheets())
    client.force_login(county_admin)
    response = client.post(reverse("spreadsheets:export_start", args=["two_sheets"]) + "?year=2026")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["汇总", "分组"]
    assert book.get_sheet_by_name("分组").to_python()[2] == ["乙", 20.0]
    assert not ExportJob.objects.exists()
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (audit.summary, audit.detail) == ("导出两表统计 5 行", {"params": {"year": "2026"}})
