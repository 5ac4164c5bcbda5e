"""报送 pages with the three actors (org A's admin, org A's plain member, org B's admin) plus the senders:
define and publish through the form, fill in, 退回 with a reason, the board, the export and the inbox."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_record
from gonghui.reports.choices import SubmissionStatus, TaskStatus
from gonghui.reports.models import ReportSubmission, ReportTask

from .factories import HEADERS, make_task, pdf_upload, xlsx_upload

pytestmark = pytest.mark.django_db


def _sub(task, code):
    return ReportSubmission.objects.get(task=task, org__code=code)


@pytest.mark.parametrize(
    ("actor", "status"),
    [("org_admin", 200), ("org_member", 403), ("outsider", 200)],
)
def test_city_task_pages_by_actor(request, client, rw, city_task, actor, status):
    client.force_login(request.getfixturevalue(actor))
    detail = client.get(reverse("reports:task_detail", args=[city_task.public_id]))
    assert detail.status_code == status
    own = {"org_admin": "ORGA", "outsider": "ORGB"}.get(actor)
    if own:
        # each recipient sees its own submission and not the other's
        assert (
            client.get(
                reverse("reports:submission_detail", args=[_sub(city_task, own).public_id])
            ).status_code
            == 200
        )
        other = "ORGB" if own == "ORGA" else "ORGA"
        assert (
            client.get(
                reverse("reports:submission_detail", args=[_sub(city_task, other).public_id])
            ).status_code
            == 404
        )
        # and cannot manage the sender's task
        assert client.post(reverse("reports:task_close", args=[city_task.public_id])).status_code == 403


def test_sender_defines_and_publishes_through_the_form(client, rw):
    w = rw.world
    client.force_login(rw.city_admin)
    deadline = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    # missing fields are named
    body = client.post(reverse("reports:task_create"), {"org": "CITY"}).content.decode()
    assert "请填写标题" in body
    assert "请填写截止日期" in body
    # a bad line is reported on the field and nothing is written
    r = client.post(
        reverse("reports:task_create"),
        {
            "org": "CITY",
            "title": "会员统计",
            "deadline": deadline,
            "scope_kind": "orgs",
            "scope_orgs": ["ORGA", "ORGB"],
            "kind": "form",
            "field-TOTAL_FORMS": "1",
            "field-INITIAL_FORMS": "0",
            "field-0-type": "number",
            "field-0-required": "on",
        },
    )
    assert r.status_code == 200
    assert "第1个字段：名称不能为空" in r.content.decode()
    assert not ReportTask.objects.exists()
    # when the form is right
    r = client.post(
        reverse("reports:task_create"),
        {
            "org": "CITY",
            "title": "会员统计",
            "deadline": deadline,
            "scope_kind": "orgs",
            "scope_orgs": ["ORGA", "ORGB"],
            "kind": "form",
            "field-TOTAL_FORMS": "1",
            "field-INITIAL_FORMS": "0",
            "field-0-label": "人数",
            "field-0-type": "number",
            "field-0-required": "on",
        },
    )
    task = ReportTask.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("reports:task_detail", args=[task.public_id])
    assert task.status == TaskStatus.DRAFT
    assert task.targets == [
        {"kind": "org", "org": w.org_a.pk, "level": ""},
        {"kind": "org", "org": w.org_b.pk, "level": ""},
    ]
    # edit page shows the builder rows back
    assert (
        'name="field-0-label" value="人数"'
        in client.get(reverse("reports:task_edit", args=[task.public_id])).content.decode()
    )
    client.post(reverse("reports:task_publish", args=[task.public_id]))
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED
    assert task.submissions.count() == 2


def test_excel_task_through_the_form_needs_a_template(client, rw):
    client.force_login(rw.city_admin)
    data = {
        "org": "CITY",
        "title": "模板报送",
        "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "scope_kind": "level",
        "scope_level": "grassroots",
        "kind": "excel",
    }
    r = client.post(reverse("reports:task_create"), data)
    assert "请上传 Excel 模板" in r.content.decode()
    r = client.post(
        reverse("reports:task_create"), {**data, "template": xlsx_upload([HEADERS], name="模板.xlsx")}
    )
    assert r.status_code == 302
    assert ReportTask.objects.get().template_headers == HEADERS


def test_recipient_fills_in_and_intermediate_union_returns(client, rw, city_task):
    w = rw.world
    sub_a = _sub(city_task, "ORGA")
    url = reverse("reports:submission_detail", args=[sub_a.public_id])
    client.force_login(w.org_admin)
    # a wrong number is named
    r = client.post(url, {"f1": "很多", "f2": "线下"})
    assert r.status_code == 400
    assert "“教职工人数”须填写数字" in r.content.decode()
    r = client.post(url, {"f1": "120", "f2": "线下", "f4": pdf_upload()})
    assert r.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == SubmissionStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert "佐证.pdf" in page
    assert "退回</a>" not in page
    # the county (between the city and org A) returns it
    client.force_login(rw.county_admin)
    return_url = reverse("reports:submission_return", args=[sub_a.public_id])
    assert "确认退回" in client.get(return_url).content.decode()
    assert client.post(return_url, {"note": ""}).status_code == 200
    r = client.post(return_url, {"note": "人数与上年差距过大"})
    assert r.status_code == 302
    sub_a.refresh_from_db()
    assert (sub_a.status, sub_a.return_reason) == (SubmissionStatus.RETURNED, "人数与上年差距过大")
    # org B's admin cannot even see it
    client.force_login(w.outsider)
    assert client.post(return_url, {"note": "x"}).status_code == 404
    assert client.post(reverse("reports:submission_accept", args=[sub_a.public_id])).status_code == 404


def test_excel_upload_with_wrong_columns_is_explained(client, rw):
    w = rw.world
    from gonghui.orgs.targeting import OrgTarget, TargetKind

    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        kind="excel",
        targets=[OrgTarget(kind=TargetKind.ORG, org_id=w.org_a.pk)],
    )
    client.force_login(w.org_admin)
    r = client.post(
        reverse("reports:submission_detail", args=[_sub(task, "ORGA").public_id]),
        {"filled": xlsx_upload([["单位", "人数"], ["一校", 1]])},
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "缺少列“教职工人数”、“会员人数”、“备注”" in body
    assert "多出列“人数”" in body


def test_board_drill_down_and_export(client, rw, city_task):
    w = rw.world
    client.force_login(w.org_admin)
    client.post(reverse("reports:submission_detail", args=[_sub(city_task, "ORGA").public_id]), {"f1": "120"})
    client.force_login(rw.city_admin)
    url = reverse("reports:task_detail", args=[city_task.public_id])
    top = client.get(url)
    assert [r.org.code for r in top.context["board"].rows] == ["CX", "CY"]
    partial = client.get(url, {"under": "CX"}, headers={"HX-Request": "true"})
    assert [r.org.code for r in partial.context["board"].rows] == ["ORGA"]
    assert "<html" not in partial.content.decode()
    # export
    r = client.post(
        f"{reverse('spreadsheets:export_start', args=['report_aggregate'])}?task={city_task.public_id}"
    )
    rows = read_rows(r.content)
    assert "教职工人数（本级及下级合计）" in rows[2]
    city_row = next(row for row in rows if row[1] == "CITY")
    assert city_row[rows[2].index("教职工人数（本级及下级合计）")] == 120
    assert AuditLog.objects.filter(action="export", summary="导出报送汇总 5 行").exists()


def test_inbox_shows_counts_and_own_tasks(client, rw, city_task):
    w = rw.world
    client.force_login(w.org_admin)
    r = client.get(reverse("reports:inbox"))
    assert r.context["counts"] == {"pending": 1, "unread": 1}
    assert [s.org.code for s in r.context["page"]] == ["ORGA"]
    client.force_login(w.org_member)
    assert client.get(reverse("reports:inbox")).status_code == 403


def test_task_list_queries_do_not_grow_with_rows(client, rw):
    w = rw.world
    client.force_login(rw.city_admin)
    make_task(org=w.city, actor=rw.city_admin, title="一")
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("reports:task_list"))
    for n in range(3):
        make_task(org=w.city, actor=rw.city_admin, title=f"任务{n}")
    with CaptureQueriesContext(connection) as more:
        r = client.get(reverse("reports:task_list"))
    assert len(r.context["page"]) == 4
    assert len(more) == len(first)


def test_files_follow_the_submission_and_the_task(client, rw, city_task):
    w = rw.world
    from gonghui.attachments.models import Attachment
    from gonghui.reports.services import report_submission_submit

    sub_a = ReportSubmission.objects.select_related("task", "task__org", "org").get(
        task=city_task, org__code="ORGA"
    )
    report_submission_submit(
        submission=sub_a, actor=w.org_admin, values={"f1": "1"}, files={"f4": pdf_upload()}
    )
    url = Attachment.objects.get(object_id=str(sub_a.pk)).get_absolute_url()
    for user, status in ((w.org_admin, 200), (rw.county_admin, 200), (rw.city_admin, 200), (w.outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_draft_is_deleted_from_its_page(client, rw):
    w = rw.world
    draft = make_task(org=w.city, actor=rw.city_admin, publish=False, title="不要的草稿")
    url = reverse("reports:task_delete", args=[draft.public_id])
    client.force_login(w.org_admin)  # a recipient-to-be sees no draft
    assert client.post(url).status_code == 404
    client.force_login(rw.city_admin)
    assert "删除草稿" in client.get(reverse("reports:task_detail", args=[draft.public_id])).content.decode()
    r = client.post(url)
    assert r.status_code == 302
    assert r["Location"] == reverse("reports:task_list")
    assert not ReportTask.objects.exists()


def test_timelines_render_rows_with_and_without_an_actor(client, rw, city_task):
    # given the published task (rows by its sender) and a system row on the task and on org A's submission
    submission = _sub(city_task, "ORGA")
    for subject in (city_task, submission):
        timeline_record(subject=subject, actor=None, action="remind", action_label="系统催报")
    client.force_login(rw.city_admin)
    # when
    pages = [
        client.get(reverse("reports:task_detail", args=[city_task.public_id])),
        client.get(reverse("reports:submission_detail", args=[submission.public_id])),
    ]
    # then
    for response in pages:
        assert response.status_code == 200
        assert "系统催报" in response.content.decode()


def test_the_task_list_offers_the_inbox_only_to_who_may_submit(client, rw):
    # given an auditor (reports.view without reports.submit) and org A's admin
    auditor = make_cadre("city_auditor", rw.world.city, role=AUDITOR)
    inbox = reverse("reports:inbox")
    # when / then
    client.force_login(auditor)
    assert client.get(inbox).status_code == 403
    listing = client.get(reverse("reports:task_list"))
    assert listing.status_code == 200
    assert f'href="{inbox}"' not in listing.content.decode()
    client.force_login(rw.world.org_admin)
    assert f'href="{inbox}"' in client.get(reverse("reports:task_list")).content.decode()
