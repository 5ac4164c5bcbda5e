"""课题 after 立项 (part projects): the services of 中期检查, 结项 with outputs, a rating and attached survey results,
and 撤项 — who may take each step, in which state, and what it leaves behind (timeline, audit, notifications)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.attachments.selectors import attachment_get_for_user, attachments_of
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.surveys.choices import MidtermResult, ProjectRating, ProjectStatus, SurveyStatus
from gonghui.surveys.services.projects import (
    CONCLUDE,
    RETURN,
    project_conclude,
    project_final_submit,
    project_midterm_check,
    project_midterm_submit,
    project_terminate,
)
from gonghui.surveys.tests.factories import make_survey

from .factories_projects import approved_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    """The call's side: admin of 甲县教育工会, which issued the call org A applied to."""
    return make_cadre("cx_admin", world.county_x)


@pytest.fixture
def project(world, county_admin):
    return approved_project(org=world.org_a, actor=world.org_admin, call_org=world.county_x)


def _final(project, actor, **extra):
    return project_final_submit(
        project=project,
        report=extra.pop("report", "本课题调查了全县教师的职业倦怠状况。"),
        outputs=extra.pop("outputs", "调研报告1篇"),
        actor=actor,
        **extra,
    )


def test_midterm_submit_moves_to_check_and_tells_the_call_union(world, project, county_admin):
    # when
    project = project_midterm_submit(project=project, report="已完成问卷设计与试测。", actor=world.org_admin)
    # then
    project.refresh_from_db()
    assert project.status == ProjectStatus.MIDTERM
    assert project.midterm_report == "已完成问卷设计与试测。"
    assert project.midterm_submitted_at is not None
    step = timeline_for(project).get()
    assert (step.action, step.from_state, step.to_state) == ("midterm_submitted", "approved", "midterm")
    assert Notification.objects.get(recipient=county_admin).title == "课题中期报告待检查"
    assert AuditLog.objects.get(object_id=str(project.pk)).summary.startswith("提交课题中期报告")


def test_only_the_call_union_checks_the_midterm(world, project, county_admin):
    project_midterm_submit(project=project, report="进展", actor=world.org_admin)
    # the applicant may not judge its own report
    with pytest.raises(PermissionDenied):
        project_midterm_check(project=project, result=MidtermResult.PASSED, opinion="", actor=world.org_admin)
    project.refresh_from_db()
    assert (project.status, project.midterm_result) == (ProjectStatus.MIDTERM, "")
    project_midterm_check(project=project, result=MidtermResult.PASSED, opinion="", actor=county_admin)
    project.refresh_from_db()
    assert (project.status, project.midterm_result) == (ProjectStatus.APPROVED, MidtermResult.PASSED)
    assert Notification.objects.get(recipient=world.org_admin).title == "课题中期检查：通过"


def test_improve_asks_for_the_report_again_before_the_final_materials(world, project, county_admin):
    project_midterm_submit(project=project, report="进展", actor=world.org_admin)
    with pytest.raises(ValidationError) as refused:
        project_midterm_check(project=project, result=MidtermResult.IMPROVE, opinion="", actor=county_admin)
    assert refused.value.message_dict == {"opinion": ["限期整改或不通过时，请填写检查意见"]}
    project_midterm_check(
        project=project, result=MidtermResult.IMPROVE, opinion="样本量不足，请补充调查", actor=county_admin
    )
    project.refresh_from_db()
    assert (project.status, project.midterm_opinion) == (ProjectStatus.APPROVED, "样本量不足，请补充调查")
    # 结项 waits for the corrected report
    with pytest.raises(ValidationError) as refused:
        _final(project, world.org_admin)
    assert refused.value.messages == ["中期检查要求限期整改，请先重新提交中期报告"]
    project_midterm_submit(project=project, report="已补充调查 300 人", actor=world.org_admin)
    project_midterm_check(project=project, result=MidtermResult.PASSED, opinion="", actor=county_admin)
    _final(project, world.org_admin)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONCLUDING
    # a passed midterm is not sent again
    with pytest.raises(ValidationError):
        project_midterm_submit(project=project, report="再交一次", actor=world.org_admin)


def test_a_failed_midterm_terminates_the_project(world, project, county_admin):
    project_midterm_submit(project=project, report="进展", actor=world.org_admin)
    project_midterm_check(
        project=project, result=MidtermResult.FAILED, opinion="研究未实质开展", actor=county_admin
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED
    assert [s.action for s in timeline_for(project)] == ["midterm_submitted", "midterm_checked"]
    with pytest.raises(ValidationError):
        _final(project, world.org_admin)


def test_final_materials_attach_only_closed_surveys_of_the_applicant_subtree(world, project):
    closed = make_survey(
        org=world.org_a, actor=world.org_admin, title="甲校教师压力调查", status=SurveyStatus.CLOSED
    )
    still_open = make_survey(org=world.org_a, actor=world.org_admin, title="进行中", status=SurveyStatus.OPEN)
    elsewhere = make_survey(org=world.org_b, actor=world.outsider, title="乙院", status=SurveyStatus.CLOSED)
    for wrong in (still_open, elsewhere):
        with pytest.raises(ValidationError) as refused:
            _final(project, world.org_admin, surveys=[wrong])
        assert refused.value.message_dict == {"surveys": ["只能附上本单位及下级工会已结束的问卷"]}
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    # missing fields are named
    with pytest.raises(ValidationError) as refused:
        _final(project, world.org_admin, report=" ", outputs="")
    assert set(refused.value.message_dict) == {"report", "outputs"}
    _final(project, world.org_admin, surveys=[closed])
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONCLUDING
    assert list(project.surveys.all()) == [closed]
    assert timeline_for(project).get().note == "附问卷结果：《甲校教师压力调查》"


def test_conclude_with_a_rating_or_return_with_an_opinion(world, project, county_admin):
    _final(project, world.org_admin)
    with pytest.raises(ValidationError) as refused:
        project_conclude(project=project, decision=CONCLUDE, opinion="好", actor=county_admin)
    assert refused.value.message_dict == {"rating": ["结项时请评定结项等级"]}
    project_conclude(project=project, decision=RETURN, opinion="请补充经费决算表", actor=county_admin)
    project.refresh_from_db()
    assert (project.status, project.final_opinion) == (ProjectStatus.APPROVED, "请补充经费决算表")
    _final(project, world.org_admin, outputs="调研报告1篇；经费决算表")
    project_conclude(
        project=project,
        decision=CONCLUDE,
        rating=ProjectRating.EXCELLENT,
        opinion="成果被县教育局采纳",
        actor=county_admin,
    )
    project.refresh_from_db()
    assert (project.status, project.rating) == (ProjectStatus.CONCLUDED, ProjectRating.EXCELLENT)
    assert project.concluded_at is not None
    assert [s.action for s in timeline_for(project)] == [
        "final_submitted",
        "returned",
        "final_submitted",
        "concluded",
    ]
    with pytest.raises(ValidationError):
        project_terminate(project=project, reason="迟了", actor=county_admin)


def test_terminate_is_the_call_union_s_with_a_reason(world, project, county_admin):
    with pytest.raises(PermissionDenied):
        project_terminate(project=project, reason="不做了", actor=world.org_admin)
    with pytest.raises(ValidationError) as refused:
        project_terminate(project=project, reason=" ", actor=county_admin)
    assert refused.value.message_dict == {"reason": ["请填写撤项原因"]}
    project_terminate(project=project, reason="负责人调离，课题无法开展", actor=county_admin)
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED
    step = timeline_for(project).get()
    assert (step.action, step.note) == ("terminated", "负责人调离，课题无法开展")
    assert Notification.objects.get(recipient=world.org_admin).title == "课题已撤项"


def test_files_sent_with_the_final_materials_follow_the_project(world, project, county_admin):
    upload = SimpleUploadedFile("调研报告.txt", "调研报告正文".encode(), content_type="text/plain")
    _final(project, world.org_admin, files=[upload])
    attachment = attachments_of(project).get()
    assert attachment.original_name == "调研报告.txt"
    assert attachment_get_for_user(user=county_admin, public_id=attachment.public_id) == attachment
    from django.http import Http404

    with pytest.raises(Http404):
        attachment_get_for_user(user=world.outsider, public_id=attachment.public_id)
