"""报送 pages beyond the happy path: the POST-only task actions with their permission matrix and flashes, the
review, submission and inbox pages for three actors, the aggregate workbook read back; and an Excel answer's file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.downloads import xlsx_response
from gonghui.core.models import AuditAction, AuditLog
from gonghui.reports.choices import ReportKind, SubmissionStatus, TaskStatus
from gonghui.reports.models import ReportSubmission
from gonghui.reports.services import report_submission_return, report_submission_submit

from .factories import HEADERS, make_task, xlsx_upload

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("spreadsheets:export_start", args=["report_aggregate"])


def _sub(task, org):
    return ReportSubmission.objects.get(task=task, org=org)


def _page(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [("city_admin", 302), ("county_admin", 403), ("org_admin", 403), ("org_member", 403), ("outsider", 403)],
)
def test_closing_a_city_task_matrix(client, rw, city_task, actor, status):
    user = getattr(rw, actor, None) or getattr(rw.world, actor)
    client.force_login(user)
    assert client.post(reverse("reports:task_close", args=[city_task.public_id])).status_code == status
    city_task.refresh_from_db()
    assert (city_task.status == TaskStatus.CLOSED) is (status == 302)


def test_the_task_actions_are_post_only_and_flash_their_outcome(client, rw, city_task):
    client.force_login(rw.city_admin)
    for name in ("task_publish", "task_close", "task_remind", "task_delete"):
        assert client.get(reverse(f"reports:{name}", args=[city_task.public_id])).status_code == 405, name
    page = _page(client.post(reverse("reports:task_remind", args=[city_task.public_id]), follow=True))
    assert "已向 2 个未报送的单位发送催报提醒" in page
    page = _page(client.post(reverse("reports:task_publish", args=[city_task.public_id]), follow=True))
    assert "当前状态“已下发”下不能执行“下发”" in page
    page = _page(client.post(reverse("reports:task_delete", args=[city_task.public_id]), follow=True))
    assert "只有草稿可以删除，已下发的报送任务可以结束报送" in page
    page = _page(client.post(reverse("reports:task_close", args=[city_task.public_id]), follow=True))
    assert "报送已结束" in page


def test_a_draft_is_published_from_its_page(client, rw):
    task = make_task(org=rw.world.county_x, actor=rw.county_admin, publish=False)
    client.force_login(rw.county_admin)
    page = _page(client.post(reverse("reports:task_publish", args=[task.public_id]), follow=True))
    assert "已下发至 1 个单位" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED


def test_the_return_page_for_three_actors(client, rw, city_task):
    w = rw.world
    report_submission_submit(submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "120"})
    url = reverse("reports:submission_return", args=[_sub(city_task, w.org_a).public_id])
    for user, status in ((rw.county_admin, 200), (w.org_admin, 403), (w.outsider, 404), (w.org_member, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(rw.county_admin)
    page = _page(client.post(url, {"note": "人数有误"}, follow=True))
    assert "已退回甲县第一中学工会的报送" in page
    assert _sub(city_task, w.org_a).status == SubmissionStatus.RETURNED


def test_accepting_from_the_page(client, rw, city_task):
    w = rw.world
    report_submission_submit(submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "120"})
    url = reverse("reports:submission_accept", args=[_sub(city_task, w.org_a).public_id])
    client.force_login(w.org_admin)
    assert client.post(url).status_code == 403  # a recipient never reviews itself
    client.force_login(rw.city_admin)
    assert "已审核通过" in _page(client.post(url, follow=True))
    assert "当前状态“已通过”下不能执行“审核通过”" in _page(client.post(url, follow=True))
    assert _sub(city_task, w.org_a).status == SubmissionStatus.ACCEPTED


def _export(client, task, **extra):
    """The page's 导出汇总 button: the spreadsheets export of `report_aggregate` with the task in the query string."""
    return client.post(f"{EXPORT_URL}?task={task.public_id}", **extra)


def test_the_task_page_button_posts_to_the_spreadsheets_export(client, rw, city_task):
    client.force_login(rw.city_admin)
    page = _page(client.get(reverse("reports:task_detail", args=[city_task.public_id])))
    assert f'action="{EXPORT_URL}?task={city_task.public_id}"' in page
    assert "/export/" not in page.replace(EXPORT_URL, "")  # the old per-task export URL is gone


def test_the_aggregate_workbook_reads_back_and_is_audited(client, rw, city_task):
    w = rw.world
    report_submission_submit(submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "120"})
    report_submission_submit(submission=_sub(city_task, w.org_b), actor=w.outsider, values={"f1": "80"})
    client.force_login(rw.city_admin)
    response = _export(client, city_task, HTTP_USER_AGENT="Chromium 120")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert (
        response["Content-Disposition"]
        == xlsx_response(b"", "教职工人数统计-汇总.xlsx")["Content-Disposition"]
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["汇总"]
    rows = book.get_sheet_by_index(0).to_python()
    assert (
        rows[0][0] == f"教职工人数统计（{w.city.name}，截止 {city_task.deadline:%Y-%m-%d}）"
    )  # the title line
    assert rows[2][:8] == ["组织", "组织编码", "层级", "报送状态", "报送时间", "是否逾期"] + [
        "教职工人数（本级）",
        "教职工人数（本级及下级合计）",
    ]
    by_name = {str(row[0]).strip(): row for row in rows if row and str(row[0]).strip()}
    assert 200 in by_name["测试市教科文卫体工会"]
    assert 120 in by_name["甲县第一中学工会"]
    assert 80 in by_name["乙县人民医院工会"]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.summary == "导出报送汇总 5 行"  # the spreadsheets export's row (was 导出报送汇总“…”（5 行）)
    assert (audit.ip_address, audit.user_agent) == ("127.0.0.1", "Chromium 120")
    assert audit.detail == {"params": {"task": str(city_task.public_id)}}
    client.force_login(w.outsider)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(_export(client, city_task).content)).get_sheet_by_index(
        0
    )
    names = {str(row[0]).strip() for row in sheet.to_python() if row}
    assert "甲县第一中学工会" not in names
    assert "乙县人民医院工会" in names


def test_the_aggregate_export_for_three_actors(client, rw):
    """The sender's admin gets the workbook; a plain member may not export; the admin of another union asking
    for this task gets the task page's 404. Only the first is audited."""
    w = rw.world
    task = make_task(org=w.county_x, actor=rw.county_admin)
    page = reverse("reports:task_detail", args=[task.public_id])
    for user, status in ((rw.county_admin, 200), (w.org_member, 403), (w.outsider, 404)):
        client.force_login(user)
        assert _export(client, task).status_code == status, user
        if status != 403:
            assert client.get(page).status_code == status, user
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1
    client.force_login(rw.county_admin)
    assert client.get(f"{EXPORT_URL}?task={task.public_id}").status_code == 405
    assert client.post(f"{EXPORT_URL}?task=not-a-uuid").status_code == 404
    assert client.post(EXPORT_URL).status_code == 404


def test_the_submission_page_for_three_actors_marks_the_recipients_reading(client, rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    url = reverse("reports:submission_detail", args=[submission.public_id])
    for user, status in ((w.outsider, 404), (w.org_member, 403), (rw.city_admin, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
    assert _sub(city_task, w.org_a).read_at is None  # the sender's opening is not the recipient's reading
    client.force_login(w.org_admin)
    assert client.get(url).status_code == 200
    assert _sub(city_task, w.org_a).read_at is not None


def test_the_inbox_page_for_three_actors(client, rw, city_task):
    w = rw.world
    url = reverse("reports:inbox")
    client.force_login(w.org_admin)
    page = _page(client.get(url))
    assert "教职工人数统计" in page
    client.force_login(w.outsider)
    assert "教职工人数统计" in _page(client.get(url))
    client.force_login(w.org_member)
    assert client.get(url).status_code == 403


def test_an_excel_submission_needs_its_file_and_a_resubmission_keeps_it(rw):
    w = rw.world
    task = make_task(org=w.county_x, actor=rw.county_admin, kind=ReportKind.EXCEL)
    submission = _sub(task, w.org_a)
    with pytest.raises(ValidationError) as exc:
        report_submission_submit(submission=submission, actor=w.org_admin)
    assert exc.value.message_dict == {"filled": ["请上传按模板填写的 Excel 文件"]}
    report_submission_submit(
        submission=submission,
        actor=w.org_admin,
        filled=xlsx_upload([HEADERS, ["甲县第一中学", 120, 100, ""]], name="填报.xlsx"),
    )
    first = _sub(task, w.org_a).data
    assert first["name"] == "填报.xlsx"
    report_submission_return(submission=_sub(task, w.org_a), actor=rw.county_admin, reason="请核对")
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin)
    again = _sub(task, w.org_a)
    assert (again.status, again.data) == (SubmissionStatus.SUBMITTED, first)


def test_the_task_buttons_follow_the_workflow_table(client, rw):
    """修改 and 删除 are offered on a draft, 催报 once published, to the sender's managers only."""
    task = make_task(org=rw.world.county_x, actor=rw.county_admin, publish=False)
    urls = {n: reverse(f"reports:task_{n}", args=[task.public_id]) for n in ("edit", "delete", "remind")}
    detail = reverse("reports:task_detail", args=[task.public_id])
    client.force_login(rw.county_admin)
    page = _page(client.get(detail))
    assert [n for n, url in urls.items() if url in page] == ["edit", "delete"]
    client.post(reverse("reports:task_publish", args=[task.public_id]))
    page = _page(client.get(detail))
    assert [n for n, url in urls.items() if url in page] == ["remind"]
    client.force_login(rw.world.org_admin)
    page = _page(client.get(detail))
    assert [n for n, url in urls.items() if url in page] == []


def test_the_audit_rows_record_where_the_action_came_from(client, rw, city_task):
    """The task services take the view's AuditContext: an export and a deleted draft carry the address and browser
    (listed change of issue 12: these rows had neither)."""
    draft = make_task(org=rw.world.county_x, actor=rw.county_admin, publish=False)
    client.force_login(rw.county_admin)
    client.post(reverse("reports:task_delete", args=[draft.public_id]), HTTP_USER_AGENT="Chromium 120")
    client.force_login(rw.city_admin)
    _export(client, city_task, HTTP_USER_AGENT="Chromium 120")
    rows = AuditLog.objects.order_by("id")
    assert [r.summary for r in rows] == [
        f"{rw.world.county_x.name} 删除报送任务草稿“{draft.title}”",
        "导出报送汇总 5 行",
    ]
    assert [(r.ip_address, r.user_agent) for r in rows] == [("127.0.0.1", "Chromium 120")] * 2
