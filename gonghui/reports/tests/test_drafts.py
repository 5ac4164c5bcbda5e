"""暂存: a recipient keeps its answers before submitting — no required checks, the type checks still apply; the
state stays 未报送, the values come back on the form, the board says 已暂存, and neither the sender's page nor the
aggregate ever reads the draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.timeline import timeline_for
from gonghui.reports.choices import SubmissionAction, SubmissionStatus
from gonghui.reports.models import ReportSubmission
from gonghui.reports.selectors import task_aggregate
from gonghui.reports.services import report_submission_save_draft, report_submission_submit

from .factories import make_task, pdf_upload

pytestmark = pytest.mark.django_db


def _sub(task, org):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def test_a_draft_skips_required_fields_but_keeps_type_checks(rw, city_task):
    w = rw.world
    # the required 教职工人数 may stay empty
    saved = report_submission_save_draft(
        submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f3": "先写一半"}
    )
    assert saved.status == SubmissionStatus.PENDING
    assert saved.draft == {"f3": "先写一半"}
    assert saved.data == {}
    assert saved.submitted_at is None
    assert saved.draft_saved_at is not None
    assert saved.draft_saved_by == w.org_admin
    entry = timeline_for(saved).get(action=SubmissionAction.SAVE_DRAFT)
    assert (entry.action_label, entry.actor) == ("暂存", w.org_admin)
    # a number field still holds a number, a choice one of its options; nothing is written when wrong
    with pytest.raises(ValidationError) as caught:
        report_submission_save_draft(
            submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "很多", "f2": "线上线下"}
        )
    assert "“教职工人数”须填写数字" in caught.value.message_dict["f1"][0]
    assert "“活动形式”须从" in caught.value.message_dict["f2"][0]
    assert _sub(city_task, w.org_a).draft == {"f3": "先写一半"}


def test_submitting_after_a_draft_keeps_its_file_and_clears_it(rw, city_task):
    w = rw.world
    report_submission_save_draft(
        submission=_sub(city_task, w.org_a),
        actor=w.org_admin,
        values={"f1": "12"},
        files={"f4": pdf_upload("草稿附件.pdf")},
    )
    submitted = report_submission_submit(
        submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "120"}
    )
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert submitted.data["f1"] == 120
    assert submitted.data["f4"]["name"] == "草稿附件.pdf"  # the file saved with the draft is sent
    assert (submitted.draft, submitted.draft_saved_at) == ({}, None)


def test_only_the_recipient_may_save_a_draft_and_only_while_pending(rw, city_task):
    w = rw.world
    with pytest.raises(PermissionDenied):
        report_submission_save_draft(
            submission=_sub(city_task, w.org_a), actor=w.outsider, values={"f1": "1"}
        )
    with pytest.raises(PermissionDenied):
        report_submission_save_draft(submission=_sub(city_task, w.org_a), actor=w.org_member, values={})
    report_submission_submit(submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "1"})
    with pytest.raises(ValidationError) as caught:
        report_submission_save_draft(
            submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "2"}
        )
    assert caught.value.messages == ["当前状态“已报送”下不能暂存"]
    excel = make_task(org=w.city, actor=rw.city_admin, kind="excel", title="Excel 表")
    with pytest.raises(ValidationError, match="Excel 模板方式无需暂存"):
        report_submission_save_draft(submission=_sub(excel, w.county_x), actor=rw.county_admin, values={})


def test_the_fill_page_saves_a_draft_and_shows_it_back(client, rw, city_task):
    w = rw.world
    url = reverse("reports:submission_detail", args=[_sub(city_task, w.org_a).public_id])
    client.force_login(w.org_admin)
    page = client.get(url).content.decode()
    assert 'name="save_draft"' in page
    assert ">暂存</button>" in page
    response = client.post(url, {"f1": "", "f3": "草稿里的说明", "save_draft": "1"}, follow=True)
    page = response.content.decode()
    assert "已暂存，尚未报送" in page
    assert "草稿里的说明" in page  # back on the form
    assert "data-draft" in page
    assert _sub(city_task, w.org_a).status == SubmissionStatus.PENDING
    # a wrong type is shown on the field, nothing saved
    response = client.post(url, {"f1": "abc", "save_draft": "1"})
    assert response.status_code == 400
    assert "“教职工人数”须填写数字" in response.content.decode()
    assert _sub(city_task, w.org_a).draft == {"f3": "草稿里的说明"}
    # the plain 报送 button still demands the required field
    response = client.post(url, {"f3": "草稿里的说明"})
    assert response.status_code == 400
    assert "请填写“教职工人数”" in response.content.decode()


def test_the_sender_never_sees_a_draft_as_submitted(client, rw, city_task):
    w = rw.world
    report_submission_save_draft(
        submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "999", "f3": "秘密草稿"}
    )
    client.force_login(rw.city_admin)
    page = client.get(reverse("reports:submission_detail", args=[_sub(city_task, w.org_a).public_id]))
    text = page.content.decode()
    assert "秘密草稿" not in text
    assert "999" not in text
    assert "报送内容" not in text
    assert "data-draft" in text  # but it may see that a draft was saved
    board = client.get(reverse("reports:task_detail", args=[city_task.public_id]), {"under": "CX"})
    assert "已暂存" in board.content.decode()
    assert board.context["board"].totals.submitted == 0
    _columns, rows = task_aggregate(task=city_task, user=rw.city_admin)
    assert all(r.total.get("f1", 0) == 0 and not r.answers for r in rows)
