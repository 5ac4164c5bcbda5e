"""The 课题 registry and project pages (part projects): the three-actor matrix, read-only cadres refused on action
pages, the registry's filters and export, the actions each side is offered, the full round through the pages with
an attached named survey's results, and the 结项 PDF."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.attachments.selectors import attachments_of
from gonghui.core.choices import AuditAction
from gonghui.core.http import is_sensitive
from gonghui.core.models import AuditLog
from gonghui.members.tests.factories import MemberFactory
from gonghui.surveys.choices import ProjectStatus, ResponseStatus, SurveyMode, SurveyStatus
from gonghui.surveys.models import ResearchProject, SurveyResponse
from gonghui.surveys.tests.factories import make_call, make_project, make_question, make_survey

from .factories_projects import approved_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    return make_cadre("cx_admin", world.county_x)


@pytest.fixture
def project(world, county_admin):
    return approved_project(
        org=world.org_a, actor=world.org_admin, call_org=world.county_x, number="2026-KT-01"
    )


def _url(name, project):
    return reverse(f"surveys:{name}", args=[project.public_id])


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not", "org_member", 403),
        ("org admin sends the midterm report", "org_admin", 302),
    ],
)
def test_midterm_submit_access(request, client, project, _case, actor, status):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.post(_url("project_midterm_submit", project), {"report": "已完成调查"})
    # then
    assert r.status_code == status
    project.refresh_from_db()
    assert (project.status == ProjectStatus.MIDTERM) is (status == 302)
    assert client.get(_url("project_detail", project)).status_code == (200 if status == 302 else status)


def test_read_only_cadre_reads_but_gets_403_on_every_action_page(client, world, project):
    auditor = make_cadre("auditor_city", world.city, role=AUDITOR)
    client.force_login(auditor)
    page = client.get(_url("project_detail", project))
    assert page.status_code == 200
    assert "2026-KT-01" in page.content.decode()
    for name in (
        "project_midterm_submit",
        "project_midterm_check",
        "project_final_submit",
        "project_conclude",
        "project_terminate",
    ):
        assert client.get(_url(name, project)).status_code == 403, name
        assert client.post(_url(name, project), {"reason": "x", "report": "x"}).status_code == 403, name
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_each_side_is_offered_its_own_steps(client, world, project, county_admin):
    client.force_login(world.org_admin)
    html = client.get(_url("project_detail", project)).content.decode()
    assert 'id="midterm-submit-link"' in html
    assert 'id="final-submit-link"' in html
    assert 'id="terminate-link"' not in html
    assert reverse("surveys:call_detail", args=[project.call.public_id]) in html
    # the applicant may not terminate: the page itself refuses
    assert client.get(_url("project_terminate", project)).status_code == 403
    client.force_login(county_admin)
    html = client.get(_url("project_detail", project)).content.decode()
    assert 'id="terminate-link"' in html
    assert 'id="midterm-check-link"' not in html  # nothing to check yet
    page = client.get(_url("project_midterm_check", project))
    assert page.status_code == 200
    assert 'id="project-action-refused"' in page.content.decode()


def test_terminate_page_names_the_missing_reason(client, project, county_admin):
    client.force_login(county_admin)
    r = client.post(_url("project_terminate", project), {"reason": ""})
    assert r.status_code == 422
    assert "请填写撤项原因" in r.content.decode()
    r = client.post(_url("project_terminate", project), {"reason": "负责人调离"})
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED


def test_registry_lists_projects_after_approval_with_filters(client, world, project):
    # given: an application not yet approved, and another union's project
    make_project(call=project.call, org=world.org_a, actor=world.org_admin, title="尚在评审的申报")
    approved_project(org=world.org_b, actor=world.outsider, title="乙院护士心理健康研究")
    older = approved_project(
        org=world.org_a,
        actor=world.org_admin,
        title="2020年课题",
        call=make_call(org=world.org_a, actor=world.org_admin, year=2020, topics=["基层工会建设研究"]),
        topic="基层工会建设研究",
    )
    client.force_login(world.org_admin)
    list_url = reverse("surveys:project_list")
    # when / then
    html = client.get(list_url).content.decode()
    assert "在研 <strong>2</strong> 项" in html
    assert project.title in html
    assert older.title in html
    assert "尚在评审的申报" not in html
    assert "乙院护士心理健康研究" not in html
    html = client.get(list_url, {"year": 2020}).content.decode()
    assert older.title in html
    assert project.title not in html
    html = client.get(list_url, {"topic": "基层工会建设研究"}).content.decode()
    assert older.title in html
    assert project.title not in html
    html = client.get(list_url, {"q": "2026-KT-01"}).content.decode()
    assert project.title in html
    assert older.title not in html
    html = client.get(list_url, {"status": "concluded"}).content.decode()
    assert "没有符合条件的课题" in html
    client.force_login(world.org_member)
    assert client.get(list_url).status_code == 403


def test_registry_export_is_audited_and_never_cached(client, world, project):
    client.force_login(world.org_admin)
    r = client.post(reverse("surveys:project_export"), {"year": project.call.year})
    assert r.status_code == 200
    assert is_sensitive(r)
    values = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    row = next(v for v in values if v and v[2] == "2026-KT-01")
    assert (row[3], row[5], row[6], row[7]) == (project.title, "甲县第一中学工会", "王老师", "李老师")
    assert AuditLog.objects.get(action=AuditAction.EXPORT, actor=world.org_admin).detail["rows"] == 1
    client.force_login(world.outsider)
    r = client.post(reverse("surveys:project_export"), {})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert project.title not in str(rows)


def _named_survey_with_answers(world, count=10):
    survey = make_survey(
        org=world.org_a,
        actor=world.org_admin,
        title="甲校教师工作压力调查",
        mode=SurveyMode.NAMED,
        status=SurveyStatus.CLOSED,
        closed_at=timezone.now(),
    )
    make_question(survey=survey, order=1, text="您对本单位工会工作是否满意？")
    for index in range(count):
        member = MemberFactory.create(org=world.org_a)
        SurveyResponse.objects.create(
            survey=survey,
            member=member,
            answers={"q1": "满意" if index < 7 else "不满意"},
            status=ResponseStatus.SUBMITTED,
            submitted_at=timezone.now(),
            receipt_code=f"R{index:06d}",
        )
    return survey


def test_the_whole_round_through_the_pages(client, world, project, county_admin):
    survey = _named_survey_with_answers(world)
    client.force_login(world.org_admin)
    upload = SimpleUploadedFile("中期进展.txt", "进展说明".encode(), content_type="text/plain")
    r = client.post(
        _url("project_midterm_submit", project), {"report": "已完成调查", "attachments": [upload]}
    )
    assert r.status_code == 302
    assert attachments_of(project).get().original_name == "中期进展.txt"
    client.force_login(county_admin)
    assert client.post(_url("project_midterm_check", project), {"result": "passed"}).status_code == 302
    client.force_login(world.org_admin)
    page = client.get(_url("project_final_submit", project))
    assert "甲校教师工作压力调查" in page.content.decode()
    r = client.post(
        _url("project_final_submit", project),
        {"report": "结项报告正文", "outputs": "调研报告1篇", "surveys": [survey.pk]},
    )
    assert r.status_code == 302
    client.force_login(county_admin)
    r = client.post(
        _url("project_conclude", project), {"decision": "conclude", "rating": "good", "opinion": "同意结项"}
    )
    assert r.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.rating) == (ProjectStatus.CONCLUDED, "good")
    html = client.get(_url("project_detail", project)).content.decode()
    assert "结项等级：良好" in html
    assert "甲校教师工作压力调查" in html
    assert 'data-progress="70"' in html  # 满意 7 of 10
    assert "中期进展.txt" in html
    pdf = client.get(_url("project_pdf", project))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_pdf_only_for_concluded_projects(client, world, project):
    client.force_login(world.org_admin)
    assert client.get(_url("project_pdf", project)).status_code == 404
    assert ResearchProject.objects.get(pk=project.pk).status == ProjectStatus.APPROVED


def test_an_application_shows_the_calls_part_steps_to_the_side_that_takes_them(client, world, county_admin):
    call = make_call(org=world.county_x, actor=county_admin)
    application = make_project(
        call=call, org=world.org_a, actor=world.org_admin, status=ProjectStatus.SUBMITTED
    )
    accept = reverse("surveys:application_accept", args=[application.public_id])
    client.force_login(county_admin)
    html = client.get(_url("project_detail", application)).content.decode()
    assert accept in html
    assert 'id="not-registered"' in html
    client.force_login(world.org_admin)
    html = client.get(_url("project_detail", application)).content.decode()
    assert accept not in html
    assert 'id="midterm-submit-link"' not in html
    # in review but the call's review not ended: 立项 is not offered (the service would refuse it)
    reviewing = make_project(
        call=call, org=world.org_a, actor=world.org_admin, status=ProjectStatus.REVIEWING
    )
    client.force_login(county_admin)
    html = client.get(_url("project_detail", reviewing)).content.decode()
    assert reverse("surveys:application_reject", args=[reviewing.public_id]) in html
    assert reverse("surveys:application_approve", args=[reviewing.public_id]) not in html


def test_registry_reads_a_constant_number_of_queries(client, world, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.org_admin)
    url = reverse("surveys:project_list")
    client.get(url)  # warm the session and grants
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for index in range(5):
        approved_project(org=world.org_a, actor=world.org_admin, call=project.call, title=f"课题{index}")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert len(six) == len(one)
