"""Desk and portal pages beyond acceptance: each action form through the page (success flash, field error,
state refusal), the permission matrix of the action, board, statistics and designation pages, and the
statistics workbook read back."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.models import Appeal, HandlerDesignation
from gonghui.appeals.services import appeal_accept, appeal_auto_close, appeal_reply, designation_create
from gonghui.appeals.spreadsheets import APPEAL_STATS
from gonghui.appeals.tests.factories import at, category, make_appeal
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return make_appeal(world.member_a)


def _act(case, action):
    return reverse("appeals:appeal_act", args=[case.public_id, action])


def _page(response):
    return response.content.decode()


def test_each_action_through_the_page_flashes_what_was_done(client, world, handler_a, case):
    client.force_login(handler_a)
    page = _page(client.post(_act(case, "accept"), {"note": ""}, follow=True))
    assert f"已受理诉求 {case.number}" in page
    page = _page(client.post(_act(case, "start"), {}, follow=True))
    assert "已开始办理" in page
    page = _page(client.post(_act(case, "note"), {"body": "已联系学校"}, follow=True))
    assert "已添加内部备注" in page
    page = _page(client.post(_act(case, "reply"), {"body": "学校已补发课时费。"}, follow=True))
    assert "已答复，申请人将收到通知" in page
    case.refresh_from_db()
    assert (case.status, case.handler_id) == (AppealStatus.REPLIED, handler_a.pk)


def test_a_step_the_state_does_not_allow_is_a_message_not_an_error(client, world, handler_a, case):
    client.force_login(handler_a)
    response = client.post(_act(case, "reply"), {"body": "先答复"})
    assert response.status_code == 302
    page = _page(client.get(response["Location"]))
    assert "当前状态“待受理”下不能执行“答复申请人”" in page
    case.refresh_from_db()
    assert case.status == AppealStatus.SUBMITTED


def test_a_missing_reason_re_renders_the_form_with_422(client, world, handler_a, case):
    client.force_login(handler_a)
    response = client.post(_act(case, "reject"), {"note": ""})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.status == AppealStatus.SUBMITTED


def test_an_unknown_action_is_404_and_get_is_405(client, world, handler_a, case):
    client.force_login(handler_a)
    assert client.post(_act(case, "delete")).status_code == 404
    assert client.get(_act(case, "accept")).status_code == 405


@pytest.mark.parametrize(
    ("actor", "status"),
    [("handler_a", 302), ("handler_b", 404), ("org_member", 403), ("outsider", 404)],
)
def test_the_start_action_matrix(client, request, world, case, actor, status):
    appeal_accept(appeal=case, actor=request.getfixturevalue("handler_a"))
    client.force_login(request.getfixturevalue(actor))
    assert client.post(_act(case, "start"), {}).status_code == status
    case.refresh_from_db()
    assert (case.status == AppealStatus.IN_PROGRESS) is (status == 302)


def test_an_escalation_that_leaves_the_scope_returns_to_the_list(client, world, handler_a, case):
    client.force_login(handler_a)
    response = client.post(_act(case, "escalate"), {"note": "涉及全县"})
    assert response["Location"] == reverse("appeals:appeal_list")
    case.refresh_from_db()
    assert case.org_id == world.county_x.pk
    assert client.get(reverse("appeals:appeal_detail", args=[case.public_id])).status_code == 404


def test_a_transfer_through_the_page_names_the_target(client, world, supervisor, case):
    client.force_login(supervisor)
    page = _page(
        client.post(_act(case, "transfer"), {"to_org": world.org_b.pk, "note": "属地管辖"}, follow=True)
    )
    assert "已转至 乙县人民医院工会 办理" in page
    assert Appeal.objects.get(pk=case.pk).org_id == world.org_b.pk


@pytest.mark.parametrize(
    ("actor", "status"),
    [("supervisor", 200), ("handler_a", 200), ("org_member", 403), ("outsider", 200)],
)
def test_the_overdue_board_and_statistics_pages(client, request, world, case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("appeals:appeal_overdue_board")).status_code == status
    assert client.get(reverse("appeals:appeal_stats")).status_code == status


def _stats_export(client, query):
    return client.post(
        f"{reverse('spreadsheets:export_start', args=[APPEAL_STATS])}?{query}",
        REMOTE_ADDR="192.0.2.20",
        HTTP_USER_AGENT="Mozilla/5.0 统计",
    )


def test_the_statistics_workbook_reads_back(client, world, supervisor, handler_a):
    with at(2026, 3, 2, 9):
        first = make_appeal(world.member_a)
        make_appeal(
            world.member_a, code="safety", title="实验室通风差", description="化学实验室通风设备坏了半年。"
        )
        appeal_accept(appeal=first, actor=handler_a)
    with at(2026, 3, 6):
        appeal_reply(appeal=first, actor=handler_a, body="已协调发放。")
    client.force_login(supervisor)
    response = _stats_export(client, "start=2026-01-01&end=2026-03-31&category=&channel=&org=CITY")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "诉求统计-测试市教科文卫体工会-20260101-20260331.xlsx" in unquote(response["Content-Disposition"])
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["汇总", "按类别", "按工会", "按月份", "按渠道"]
    rows = book.get_sheet_by_name("汇总").to_python()
    header = next(i for i, row in enumerate(rows) if row[0] == "范围")
    assert rows[header][:4] == ["范围", "诉求数", "受理率(%)", "平均办理用时（工作日）"]
    assert rows[header + 1][:2] == ["合计", 2]
    months = book.get_sheet_by_name("按月份").to_python()
    assert ["2026-03", 2] in [row[:2] for row in months]
    unions = [row[0] for row in book.get_sheet_by_name("按工会").to_python()]
    assert "甲县教育工会" in unions
    assert "测试市教科文卫体工会（本级）" in unions
    # one audit row, the spreadsheets export's, with the request's address and browser
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.summary.startswith("导出诉求统计 ")
    assert audit.detail["params"]["org"] == "CITY"
    assert (audit.ip_address, audit.user_agent) == ("192.0.2.20", "Mozilla/5.0 统计")


def test_the_statistics_page_exports_through_the_registry_with_its_filters(client, world, supervisor):
    client.force_login(supervisor)
    page = _page(client.get(reverse("appeals:appeal_stats") + "?org=ORGA&start=2026-01-01&end=2026-03-31"))
    action = (
        f"{reverse('spreadsheets:export_start', args=[APPEAL_STATS])}?start=2026-01-01&amp;end=2026-03-31"
    )
    assert f'action="{action}&amp;category=&amp;channel=&amp;org=ORGA"' in page


@pytest.mark.parametrize(
    ("actor", "query", "status"),
    [("org_member", "org=CITY", 403), ("handler_b", "org=CITY", 404), ("handler_b", "org=ORGA", 404)],
)
def test_the_statistics_export_answers_as_the_page_does(client, request, world, actor, query, status):
    user = world.org_member if actor == "org_member" else request.getfixturevalue(actor)
    client.force_login(user)
    assert client.get(f"{reverse('appeals:appeal_stats')}?{query}").status_code == status
    assert _stats_export(client, query).status_code == status
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_statistics_export_is_post_only(client, world, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("spreadsheets:export_start", args=[APPEAL_STATS])).status_code == 405


def test_a_designation_is_removed_only_by_a_supervisor_above_it(
    client, world, supervisor, handler_a, handler_b
):
    designation = designation_create(
        context=AuditContext(), actor=supervisor, user=handler_a, org=world.org_a, category=category("women")
    )
    url = reverse("appeals:designation_delete", args=[designation.pk])
    client.force_login(handler_b)
    assert client.post(url).status_code == 404  # outside the supervised subtrees: no such designation
    assert HandlerDesignation.objects.filter(pk=designation.pk).exists()
    client.force_login(supervisor)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not HandlerDesignation.objects.exists()


def test_the_portal_pages_are_the_requesters_own(client, world, member_b, case):
    detail = reverse("appeals:portal_detail", args=[case.public_id])
    client.force_login(world.org_member)
    assert client.get(detail).status_code == 200
    assert case.number in _page(client.get(reverse("appeals:portal_list")))
    client.force_login(member_b.user)
    assert client.get(detail).status_code == 404
    assert case.number not in _page(client.get(reverse("appeals:portal_list")))


def test_the_portal_refuses_a_rating_before_the_reply(client, world, case):
    client.force_login(world.org_member)
    response = client.post(reverse("appeals:portal_rate", args=[case.public_id]), {"rating": "satisfied"})
    assert response.status_code == 422
    case.refresh_from_db()
    assert (case.status, case.rating) == (AppealStatus.SUBMITTED, "")


def test_a_rating_refused_after_the_auto_close_says_why(client, world, handler_a, case):
    appeal_accept(appeal=case, actor=handler_a)
    appeal_reply(appeal=case, actor=handler_a, body="已协调发放。")
    appeal_auto_close(appeal=case)  # the scheduled job ran while the member had the page open
    client.force_login(world.org_member)
    response = client.post(reverse("appeals:portal_rate", args=[case.public_id]), {"rating": "satisfied"})
    assert response.status_code == 422
    assert "当前状态“已办结”下不能执行“评价”" in _page(response)
