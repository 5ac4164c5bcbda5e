"""The 课题申报 pages: the three actors (org A's admin, org A's member, org B's admin) on the call and application
pages, the auditor refused on every action page (GET too), a union below reading the call and applying through the
forms, the organiser's page with the buttons of each state, and the lists' tabs, search and empty states."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.attachments.selectors import attachments_of
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.surveys.choices import CallStatus, ProjectStatus
from gonghui.surveys.models import ResearchCall, ResearchProject

from .factories_calls import application, published_call, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    return make_cadre("calls_view_county", world.county_x)


@pytest.fixture
def call(world, county_admin):
    return published_call(org=world.county_x, actor=county_admin, title="县教育工会课题申报")


@pytest.fixture
def own_call(world):
    return published_call(org=world.org_a, actor=world.org_admin, title="甲校课题申报")


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin reads its call", "org_admin", 200),
        ("plain member is not a cadre", "org_member", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_call_detail_three_actors(request, client, own_call, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("surveys:call_detail", args=[own_call.public_id])).status_code == status


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin closes", "org_admin", 302),
        ("plain member may not", "org_member", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_call_close_three_actors(request, client, own_call, _case, actor, status):
    # given / when
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("surveys:call_close", args=[own_call.public_id]))
    # then
    assert r.status_code == status
    own_call.refresh_from_db()
    assert (own_call.status == CallStatus.CLOSED) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the call's union returns", "county_admin", 302),
        ("the applicant may not return its own", "org_admin", 403),
        ("plain member may not", "org_member", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_return_three_actors(request, client, world, call, _case, actor, status):
    project = application(call=call, org=world.org_a, actor=world.org_admin)
    client.force_login(request.getfixturevalue(actor))
    r = client.post(reverse("surveys:application_return", args=[project.public_id]), {"note": "请补充预算"})
    assert r.status_code == status
    project.refresh_from_db()
    assert (project.status == ProjectStatus.RETURNED) is (status == 302)


def test_auditor_is_refused_every_action_page(client, world, own_call):
    auditor = make_cadre("calls_auditor_a", world.org_a, role=AUDITOR)
    project = application(call=own_call, org=world.org_a, actor=world.org_admin)
    client.force_login(auditor)
    assert client.get(reverse("surveys:call_detail", args=[own_call.public_id])).status_code == 200
    for name in ("call_edit", "call_open", "call_close", "call_review", "application_create"):
        assert client.get(reverse(f"surveys:{name}", args=[own_call.public_id])).status_code == 403, name
    for name in ("application_edit", "application_submit", "application_return", "application_accept"):
        assert client.get(reverse(f"surveys:{name}", args=[project.public_id])).status_code == 403, name
    for name in ("application_approve", "application_reject"):
        assert client.get(reverse(f"surveys:{name}", args=[project.public_id])).status_code == 403, name
    assert client.get(reverse("surveys:call_create")).status_code == 403


def test_a_union_below_reads_the_call_and_applies_through_the_forms(client, world, call):
    client.force_login(world.org_admin)
    page = client.get(reverse("surveys:call_detail", args=[call.public_id])).content.decode()
    assert "我要申报" in page
    assert "修改通知" not in page
    listing = client.get(reverse("surveys:call_list") + "?tab=apply").content.decode()
    assert call.title in listing
    # when: the form refuses a budget over the cap, naming the field
    data = {
        "org": world.org_a.pk,
        "title": "班主任工作压力调查",
        "topic": "新时代教职工思想状况研究",
        "leader_name": "张老师",
        "team": "李明 甲县第一中学 问卷设计\n王芳 甲县第一中学 数据分析",
        "plan": "抽样调查",
        "expected_outputs": "调研报告",
        "budget": "30000",
    }
    over = client.post(reverse("surveys:application_create", args=[call.public_id]), data)
    assert "申请经费不能超过单项经费上限" in over.content.decode()
    saved = client.post(
        reverse("surveys:application_create", args=[call.public_id]), {**data, "budget": "9000"}
    )
    project = ResearchProject.objects.get(title="班主任工作压力调查")
    assert saved.url == reverse("surveys:application_edit", args=[project.public_id])
    assert project.team[1] == {"name": "王芳", "unit": "甲县第一中学", "role": "数据分析"}
    upload = SimpleUploadedFile("申报书.txt", "课题申报书".encode(), content_type="text/plain")
    client.post(reverse("surveys:application_attach", args=[project.public_id]), {"file": upload})
    assert [a.original_name for a in attachments_of(project)] == ["申报书.txt"]
    client.post(reverse("surveys:application_submit", args=[project.public_id]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    # the applicant can no longer change it
    client.post(reverse("surveys:application_edit", args=[project.public_id]), {**data, "title": "改名"})
    project.refresh_from_db()
    assert project.title == "班主任工作压力调查"


def test_organiser_page_review_and_approve(client, world, county_admin, call):
    first = application(call=call, org=world.org_a, actor=world.org_admin)
    draft = application(call=call, org=world.org_a, actor=world.org_admin, submit=False, title="未提交的草稿")
    client.force_login(county_admin)
    page = client.get(reverse("surveys:call_detail", args=[call.public_id])).content.decode()
    assert first.title in page
    assert draft.title not in page  # another union's draft stays with its writers
    assert reverse("surveys:application_accept", args=[first.public_id]) in page
    reviewed(call=call, actor=county_admin, projects=[first])
    page = client.get(reverse("surveys:call_detail", args=[call.public_id])).content.decode()
    assert "90.00" in page
    assert reverse("surveys:application_approve", args=[first.public_id]) in page
    r = client.post(
        reverse("surveys:application_approve", args=[first.public_id]),
        {"approved_budget": "7000", "note": "同意"},
    )
    first.refresh_from_db()
    assert first.number == f"{call.year}-KT-01"
    assert first.approved_budget == Decimal(7000)
    assert r.url == reverse("surveys:project_detail", args=[first.public_id])


def test_lists_search_and_empty_states(client, world, county_admin, call):
    client.force_login(county_admin)
    assert call.title in client.get(reverse("surveys:call_list")).content.decode()
    assert (
        "没有符合条件的通知" in client.get(reverse("surveys:call_list") + "?q=不存在的通知").content.decode()
    )
    client.force_login(world.outsider)
    assert "暂无上级工会发布的课题申报通知" in client.get(reverse("surveys:call_list")).content.decode()
    assert (
        "本单位还没有申报课题"
        in client.get(reverse("surveys:call_list") + "?tab=applications").content.decode()
    )
    assert ResearchCall.objects.count() == 1


def test_export_is_audited_never_cached_and_the_organisers_only(client, world, county_admin, call):
    application(call=call, org=world.org_a, actor=world.org_admin)
    url = reverse("surveys:call_export", args=[call.public_id])
    client.force_login(world.org_admin)  # the applicant reads the call from below: no 申报汇总表
    assert client.post(url).status_code == 404
    client.force_login(county_admin)
    r = client.post(url)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    assert (
        AuditLog.objects.get(action=AuditAction.EXPORT).summary == f"导出课题申报汇总表「{call.title}」1 项"
    )
    assert client.get(url).status_code == 405
