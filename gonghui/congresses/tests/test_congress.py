"""Part congress: 大会 mode against the rules of the nearest union, the composition checks (teachers ≥ 60 %), delegates
(staff only, once; ended seats kept; xlsx import all-or-nothing with row errors), 换届, the 二级教（职）代会 coverage
board, the reminder job, and the pages with their three-actor matrix."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.congresses.choices import CongressAction, CongressKind, DelegateRole, SessionStatus
from gonghui.congresses.models import Congress, CongressRules, Delegate, Delegation, Motion
from gonghui.congresses.seats import full_delegates
from gonghui.congresses.selectors import congress as sel
from gonghui.congresses.services import congress as svc
from gonghui.congresses.tests.factories import (
    make_congress,
    make_delegate_member,
    make_delegates,
    make_session,
)
from gonghui.congresses.tests.factories_congress import make_branch, seated_congress
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.orgs.models import Org

TERM: dict[str, Any] = {"term_started_on": dt.date(2025, 9, 1), "term_ends_on": dt.date(2030, 8, 31)}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _sized(org: Org, staff: int) -> Org:
    Org.objects.filter(pk=org.pk).update(headcount_established=staff)
    return Org.objects.get(pk=org.pk)


# --- 大会 mode and the rules ---------------------------------------------------------------------------------------
def test_assembly_mode_follows_the_nearest_unions_rules(world):
    # given: org A has 90 staff; the default limit is 80, the county allows 大会 mode under 100
    org = _sized(world.org_a, 90)
    assert CongressKind.TEACHERS_ASSEMBLY not in dict(sel.kind_choices(org))
    with pytest.raises(ValidationError, match="职工总数90人，达到80人的单位应选举代表"):
        svc.congress_create(actor=world.org_admin, org=org, kind=CongressKind.TEACHERS_ASSEMBLY, **TERM)
    CongressRules.objects.create(org=world.county_x, assembly_max_staff=100)
    # when
    congress = svc.congress_create(
        actor=world.org_admin, org=org, kind=CongressKind.TEACHERS_ASSEMBLY, **TERM
    )
    # then: staff from the org's headcount, 第1届, 大会 mode, a timeline row
    assert (congress.staff_count, congress.term_number, congress.is_assembly) == (90, 1, True)
    assert sel.rules_for(org).org_id == world.county_x.pk
    assert TimelineEntry.objects.filter(action=CongressAction.CREATED).count() == 1


def test_an_outsider_cannot_set_up_a_congress_for_org_a(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.congress_create(actor=world.outsider, org=world.org_a, kind=CongressKind.TEACHERS, **TERM)
    assert not Congress.objects.exists()


# --- composition checks ----------------------------------------------------------------------------------------------
def test_teachers_check_needs_60_percent_of_full_delegates(world):
    # given: a 教代会 of 30 staff (target 10 delegates), 10 full delegates of whom 5 teachers, one 列席 teacher
    congress = make_congress(org=world.org_a, actor=world.org_admin, staff_count=30)
    make_delegates(congress, 10, teachers=5)
    observer = make_delegate_member(org=world.org_a, index=50, with_user=False, job_category="teacher")
    Delegate.objects.create(congress=congress, member=observer, role=DelegateRole.OBSERVER)
    # when
    checks = {c.label: c for c in sel.congress_checks(congress)}
    # then: the observer does not count; 5 of 10 is below 60 %
    assert (checks["代表人数"].ok, checks["代表人数"].value) == (True, "10人")
    assert (checks["教师代表"].ok, checks["教师代表"].value) == (False, "5人（50.0%）")
    # a sixth teacher in place of a manager makes it
    manager = Delegate.objects.filter(congress=congress, member__job_category="management")[0]
    svc.delegate_end(
        actor=world.org_admin, delegate=manager, ended_on=dt.date(2026, 1, 5), end_reason="调离本单位"
    )
    make_delegates(congress, 1, start=60)
    checks = {c.label: c for c in sel.congress_checks(congress)}
    assert (checks["教师代表"].ok, checks["教师代表"].value) == (True, "6人（60.0%）")


def test_assembly_mode_has_no_delegate_checks(world):
    congress = make_congress(
        org=world.org_a, actor=world.org_admin, kind=CongressKind.TEACHERS_ASSEMBLY, staff_count=40
    )
    [check] = sel.congress_checks(congress)
    assert (check.value, check.ok) == ("大会制", True)


# --- delegates --------------------------------------------------------------------------------------------------------
def test_delegate_add_takes_unit_staff_once_and_ending_keeps_the_seat(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    stranger = make_delegate_member(org=world.org_b, index=7, with_user=False)
    with pytest.raises(ValidationError, match="不是甲县第一中学工会的会员"):
        svc.delegate_add(actor=world.org_admin, congress=congress, member=stranger)
    seat = svc.delegate_add(
        actor=world.org_admin, congress=congress, member=world.member_a, is_presidium=True
    )
    with pytest.raises(ValidationError, match="甲会员已是本届代表"):
        svc.delegate_add(actor=world.org_admin, congress=congress, member=world.member_a)
    # when
    svc.delegate_end(actor=world.org_admin, delegate=seat, ended_on=dt.date(2026, 3, 1), end_reason="退休")
    # then: kept with date and reason, out of the full delegates; both changes audited
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason) == (dt.date(2026, 3, 1), "退休")
    assert list(full_delegates(congress)) == []
    assert AuditLog.objects.filter(summary__in=["增补代表：甲会员", "终止代表资格：甲会员"]).count() == 2


def _xlsx(rows):
    headers = ("姓名", "证件号码", "手机号", "代表类别", "代表团", "主席团", "提案工作委员会")
    return workbook_bytes([SheetSpec(name="代表名单", headers=headers, rows=rows)])


def test_import_with_an_error_writes_nothing_and_names_the_row(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    content = _xlsx(
        [
            ["甲会员", "", world.member_a.phone, "正式代表", "第一代表团", "是", "否"],
            ["乙某", "", "13999999999", "列席代表", "", "否", "否"],
            ["甲会员", "", world.member_a.phone, "旁听", "", "也许", "否"],
        ]
    )
    result = svc.delegates_import(actor=world.org_admin, congress=congress, content=content)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "手机号", "在甲县第一中学工会的会员中找不到此人"),
        (4, "姓名", "甲会员在文件中重复出现"),
        (4, "代表类别", "“旁听”不是代表类别，应为正式代表、列席代表或特邀代表"),
        (4, "主席团", "应填“是”或“否”，而不是“也许”"),
    ]
    assert result.added == 0
    assert not Delegate.objects.exists()
    assert not Delegation.objects.exists()


def test_import_by_id_number_and_phone_creates_seats_and_delegations(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    other = make_delegate_member(org=world.org_a, index=3, with_user=False)
    from gonghui.members.tests.factories import valid_id_number

    numbered = make_delegate_member(
        org=world.org_a, index=4, with_user=False, id_number=valid_id_number(9041)
    )
    content = _xlsx(
        [
            ["甲会员", "", world.member_a.phone, "正式代表", "第一代表团", "是", "否"],
            [other.name, "", other.phone, "特邀", "第一代表团", "否", "是"],
            [numbered.name, valid_id_number(9041), "", "", "第二代表团", "", ""],
        ]
    )
    result = svc.delegates_import(actor=world.org_admin, congress=congress, content=content)
    assert (result.added, result.errors) == (3, [])
    seats = {d.member_id: d for d in Delegate.objects.select_related("delegation")}
    assert (seats[world.member_a.pk].is_presidium, str(seats[world.member_a.pk].delegation)) == (
        True,
        "第一代表团",
    )
    assert (seats[other.pk].role, seats[other.pk].on_proposal_committee) == (DelegateRole.INVITED, True)
    assert (seats[numbered.pk].role, str(seats[numbered.pk].delegation)) == (DelegateRole.FULL, "第二代表团")
    assert Delegation.objects.count() == 2


# --- 换届 ---------------------------------------------------------------------------------------------------------------
def test_new_term_keeps_the_old_one(world):
    old, _seat = seated_congress(org=world.org_a, actor=world.org_admin)
    new = svc.congress_new_term(
        actor=world.org_admin,
        congress=old,
        term_started_on=dt.date(2029, 9, 1),
        term_ends_on=dt.date(2034, 8, 31),
    )
    old.refresh_from_db()
    assert (old.is_current, new.is_current, new.term_number, new.kind) == (False, True, 2, old.kind)
    assert old.delegates.count() == 1
    assert new.delegates.count() == 0
    with pytest.raises(ValidationError, match="这一届已不是本届"):
        svc.congress_new_term(
            actor=world.org_admin,
            congress=old,
            term_started_on=dt.date(2030, 9, 1),
            term_ends_on=dt.date(2035, 8, 31),
        )


# --- coverage -------------------------------------------------------------------------------------------------------
def test_coverage_counts_branches_over_the_threshold(world):
    # given: org A has a congress and three 分工会: 120 staff with a congress, 90 without, 30 (not required)
    make_congress(org=world.org_a, actor=world.org_admin)
    held = make_branch(parent=world.org_a, code="KCV1", staff=120)
    make_branch(parent=world.org_a, code="KCV2", staff=90)
    make_branch(parent=world.org_a, code="KCV3", staff=30)
    branch_congress = make_congress(org=held, actor=world.org_admin, staff_count=120)
    make_session(
        congress=branch_congress, actor=world.org_admin, starts_at=dt.datetime(2026, 4, 2, 1, tzinfo=dt.UTC)
    )
    # when: the city's cadre looks (org B's congress is no concern of theirs... nor is there one)
    rows, counties = sel.coverage(world.org_admin)
    # then
    [row] = rows
    assert (row.required, row.held, row.county) == (2, 1, world.county_x)
    by_code = {b.org.code: b for b in row.branches}
    assert by_code["KCV1"].held_on == dt.date(2026, 4, 2)
    assert (by_code["KCV2"].required, by_code["KCV2"].congress) == (True, None)
    assert by_code["KCV3"].required is False
    assert [(c.county, c.required, c.held, c.rate) for c in counties] == [(world.county_x, 2, 1, 50.0)]
    assert sel.coverage(world.outsider) == ([], [])


def test_a_branch_without_headcount_counts_its_members(world):
    # given: the unit's rules ask every 分工会 of 2 or more staff for a congress; this one records no headcount
    CongressRules.objects.create(org=world.org_a, secondary_min_staff=2)
    make_congress(org=world.org_a, actor=world.org_admin)
    branch = make_branch(parent=world.org_a, code="KCV6", staff=0)
    make_delegate_member(org=branch, index=61, with_user=False)
    make_delegate_member(org=branch, index=62, with_user=False)
    # and: one 分工会 without headcount holds a congress recording 24 staff, another records a headcount of 50
    held = make_branch(parent=world.org_a, code="KCV7", staff=0)
    make_congress(org=held, actor=world.org_admin, staff_count=24)
    make_branch(parent=world.org_a, code="KCV8", staff=50)
    # when
    [row], _counties = sel.coverage(world.org_admin)
    # then: the congress's staff first, then the headcount, then the members, each labelled by source
    by_code = {b.org.code: b for b in row.branches}
    assert (by_code["KCV6"].staff, by_code["KCV6"].required, by_code["KCV6"].congress) == (2, True, None)
    assert [(by_code[c].staff, by_code[c].staff_source_label) for c in ("KCV6", "KCV7", "KCV8")] == [
        (2, "按会员数"),
        (24, "按本单位教（职）代会登记"),
        (50, "按编制人数"),
    ]
    page = _client(world.org_admin).get(reverse("congresses:coverage"), {"unit": "ORGA"}).content.decode()
    assert "职工24人" in page
    assert "按会员数" in page


def test_coverage_page_and_export(world):
    make_congress(org=world.org_a, actor=world.org_admin)
    make_branch(parent=world.org_a, code="KCV4", staff=100, name="甲中理科分工会")
    admin = _client(world.org_admin)
    page = admin.get(reverse("congresses:coverage"), {"unit": "ORGA"})
    assert page.status_code == 200
    assert "甲中理科分工会" in page.content.decode()
    export = admin.post(reverse("congresses:coverage_export"))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


# --- reminders ------------------------------------------------------------------------------------------------------
def test_remind_job_once_per_occasion(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 8, 2, tzinfo=dt.UTC))
    make_congress(
        org=world.org_a,
        actor=world.org_admin,
        term_started_on=dt.date(2023, 9, 1),
        term_ends_on=dt.date(2026, 12, 31),
    )
    assert svc.remind_job() == "民主管理提醒：发出2条"
    assert svc.remind_job() == "民主管理提醒：发出0条"
    titles = sorted(Notification.objects.filter(recipient=world.org_admin).values_list("title", flat=True))
    assert titles == [
        "甲县第一中学第1届教职工代表大会将于2026年12月31日届满",
        "甲县第一中学第1届教职工代表大会：2025—2026学年未召开会议",
    ]


# --- pages ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin adds", "org_admin", 302),
        ("plain member may not", "org_member", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_delegate_add_matrix(world, _case, actor, status):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    response = _client(getattr(world, actor)).post(
        reverse("congresses:delegate_add", args=[congress.public_id]),
        {"member": str(world.member_a.public_id), "role": DelegateRole.FULL},
    )
    assert response.status_code == status
    assert Delegate.objects.filter(congress=congress, member=world.member_a).exists() is (status == 302)


def test_create_page_posts_a_congress(world):
    org = _sized(world.org_a, 300)
    response = _client(world.org_admin).post(
        reverse("congresses:congress_create"),
        {
            "org": org.pk,
            "kind": CongressKind.TEACHERS,
            "term_started_on": "2025-09-01",
            "term_ends_on": "2030-08-31",
            "staff_count": "",
            "delegate_share_percent": 33,
            "teacher_min_percent": 60,
            "young_max_age": 35,
        },
    )
    congress = Congress.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("congresses:congress_detail", args=[congress.public_id])
    assert congress.staff_count == 300


def test_detail_page_shows_checks_to_the_admin_only(world):
    congress, _seat = seated_congress(org=world.org_a, actor=world.org_admin, staff_count=3)
    body = (
        _client(world.org_admin)
        .get(reverse("congresses:congress_detail", args=[congress.public_id]))
        .content.decode()
    )
    assert "代表构成检查" in body
    assert "增补代表" in body
    assert (
        _client(world.outsider)
        .get(reverse("congresses:congress_detail", args=[congress.public_id]))
        .status_code
        == 404
    )


def test_detail_page_names_seats_in_the_timeline_and_filters_by_delegation(world):
    # given: two delegations, a delegate added to one of them
    congress, seat = seated_congress(org=world.org_a, actor=world.org_admin, staff_count=30)
    first = svc.delegation_create(actor=world.org_admin, congress=congress, name="机电工程系代表团")
    svc.delegation_create(actor=world.org_admin, congress=congress, name="医学院代表团")
    member = make_delegate_member(org=world.org_a, index=71, with_user=False)
    svc.delegate_add(actor=world.org_admin, congress=congress, member=member, delegation=first)
    url = reverse("congresses:congress_detail", args=[congress.public_id])
    admin = _client(world.org_admin)
    # when
    body = admin.get(url).content.decode()
    # then: the timeline names the delegate and the delegation, under their own actions; the delegation links
    assert "增补 代表71（正式代表，机电工程系代表团）" in body
    assert "设立 机电工程系代表团" in body
    assert TimelineEntry.objects.filter(action=CongressAction.DELEGATION_CREATED).count() == 2
    assert f"?delegation={first.pk}" in body
    assert seat.member.name in body
    # when: filtered to the delegation, only its delegate is listed
    filtered = admin.get(url, {"delegation": first.pk}).content.decode()
    assert "只看机电工程系代表团（1人）" in filtered
    assert f'data-delegate="{seat.pk}"' not in filtered
    assert "代表71" in filtered


def test_detail_page_shows_the_last_20_timeline_rows(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    for n in range(24):
        svc.delegation_create(actor=world.org_admin, congress=congress, name=f"代表团{n:02d}")
    body = _client(world.org_admin).get(reverse("congresses:congress_detail", args=[congress.public_id]))
    text = body.content.decode()
    assert "办理记录（共 24 条，显示最近 20 条）" in text
    assert text.count('data-timeline-action="') == 20
    assert "设立 代表团23" in text
    assert "设立 代表团03" not in text


def test_list_queries_do_not_grow_with_its_rows(world, django_assert_max_num_queries):
    admin = _client(world.org_admin)
    url = reverse("congresses:congress_list")
    seated_congress(org=world.org_a, actor=world.org_admin)
    admin.get(url)
    with CaptureQueriesContext(connection) as one:
        admin.get(url)
    for n in range(4):
        branch = make_branch(parent=world.org_a, code=f"KCL{n}", staff=100, name=f"甲中分工会{n}")
        seated_congress(org=branch, actor=world.org_admin, index=200 + n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "甲中分工会3" in admin.get(url).content.decode()


def test_portal_home_shows_my_seat(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    Delegate.objects.create(congress=congress, member=world.member_a, is_presidium=True)
    body = _client(world.org_member).get(reverse("congresses_portal:home")).content.decode()
    assert "我的代表身份" in body
    assert "主席团成员" in body
    assert "提交提案" in body


def test_portal_home_lists_the_last_closed_session_with_its_resolutions(world):
    # given: two closed sessions of the member's congress, the later one with one published resolution
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    Delegate.objects.create(congress=congress, member=world.member_a)
    past = timezone.now() - dt.timedelta(days=400)
    make_session(congress=congress, actor=world.org_admin, starts_at=past, status=SessionStatus.CLOSED)
    last = make_session(
        congress=congress,
        actor=world.org_admin,
        number=2,
        starts_at=past + dt.timedelta(days=300),
        status=SessionStatus.CLOSED,
    )
    Motion.objects.create(session=last, title="关于预算的决议", electorate=1, published_at=timezone.now())
    Motion.objects.create(session=last, title="未公布的决议", electorate=1)
    # when
    body = _client(world.org_member).get(reverse("congresses_portal:home")).content.decode()
    # then
    assert "第1届第2次会议" in body
    assert "已闭会 · 决议 1 项" in body
    assert "第1届第1次会议" not in body
    assert reverse("congresses_portal:session_detail", args=[last.public_id]) in body
