"""Who sees which plan, who may report for which union, and the board: latest report per union, roll-up, late
items, drill-down, and a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_cadre
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.workplans.choices import ProgressStatus
from gonghui.workplans.models import PlanItem, WorkPlan
from gonghui.workplans.selectors import (
    plan_board,
    plan_list_for_user,
    report_orgs_for_user,
    rollup,
)
from gonghui.workplans.services import assignment_set, progress_report_submit

from .factories import grant_officer, make_officer

pytestmark = pytest.mark.django_db


def _items(plan):
    return list(PlanItem.objects.filter(section__plan=plan).order_by("section__order", "order"))


def test_a_plan_is_seen_down_and_up_its_union_but_not_sideways(
    city_plan, plan_a, officers, county_x_officer, city_officer
):
    # then: the city's plan reaches every union below it; org A's plan reaches org A and those above it only
    assert set(plan_list_for_user(user=city_officer)) == {city_plan, plan_a}
    assert set(plan_list_for_user(user=county_x_officer)) == {city_plan, plan_a}
    assert set(plan_list_for_user(user=officers.org_admin)) == {city_plan, plan_a}
    assert set(plan_list_for_user(user=officers.outsider)) == {city_plan}
    assert set(plan_list_for_user(user=officers.org_member)) == set()
    # managing is only downward
    assert set(WorkPlan.objects.filter(WorkPlan.visible_q(county_x_officer, "workplans.manage"))) == {plan_a}


def test_list_filters_by_text_and_year(city_plan, plan_a, city_officer):
    assert list(plan_list_for_user(user=city_officer, query="测工")) == [city_plan]
    assert list(plan_list_for_user(user=city_officer, year=2019)) == []
    assert plan_list_for_user(user=city_officer, query="甲中工").get().n_items == 4  # type: ignore[attr-defined]


def test_report_orgs_are_the_users_unions_inside_the_plan(
    city_plan, plan_a, officers, county_x_officer, city_officer
):
    assert report_orgs_for_user(user=county_x_officer, plan=city_plan) == [officers.county_x]
    assert report_orgs_for_user(user=city_officer, plan=city_plan) == [officers.city]
    assert report_orgs_for_user(user=city_officer, plan=plan_a) == [officers.org_a]
    assert report_orgs_for_user(user=officers.outsider, plan=plan_a) == []
    assert report_orgs_for_user(user=officers.org_member, plan=city_plan) == []


@pytest.mark.parametrize(
    ("_case", "statuses", "expected"),
    [
        ("nobody reported", [], ProgressStatus.NOT_STARTED),
        ("all done", ["done", "done"], ProgressStatus.DONE),
        ("one silent union keeps it open", ["done", "not_started"], ProgressStatus.IN_PROGRESS),
        ("any blocked", ["done", "blocked", "in_progress"], ProgressStatus.BLOCKED),
        ("only not started", ["not_started"], ProgressStatus.NOT_STARTED),
    ],
)
def test_rollup(_case, statuses, expected):
    assert rollup(statuses) == expected


def test_board_takes_the_latest_report_per_union_and_marks_late_items(
    city_plan, city_officer, county_x_officer, world
):
    # given: item 1 is due in March for both counties, item 2 due in December, item 3 unassigned
    first, second, third, _fourth = _items(city_plan)
    both = [OrgTarget(kind=TargetKind.LEVEL, org_id=world.city.pk, level=OrgLevel.COUNTY)]
    assignment_set(target=first, actor=city_officer, participants=both, due_month=3)
    assignment_set(target=second, actor=city_officer, participants=both, due_month=12)
    county_y_officer = make_officer("cy_officer", world.county_y)
    progress_report_submit(
        item=first, org=world.county_x, actor=county_x_officer, status="blocked", text="受阻"
    )
    progress_report_submit(item=first, org=world.county_x, actor=county_x_officer, status="done", text="完成")
    progress_report_submit(
        item=first, org=world.county_y, actor=county_y_officer, status="in_progress", text="进行"
    )
    progress_report_submit(
        item=second, org=world.county_x, actor=county_x_officer, status="done", text="完成"
    )
    progress_report_submit(
        item=second, org=world.county_y, actor=county_y_officer, status="done", text="完成"
    )
    # when
    board = plan_board(plan=city_plan, user=city_officer, today=dt.date(2020, 6, 1))
    # then
    rows = {row.item.pk: row for row in board.rows}
    assert [(o.org.code, o.status) for o in rows[first.pk].orgs] == [("CX", "done"), ("CY", "in_progress")]
    assert (rows[first.pk].status, rows[first.pk].late) == (ProgressStatus.IN_PROGRESS, True)
    assert (rows[second.pk].status, rows[second.pk].late) == (ProgressStatus.DONE, False)
    assert (rows[third.pk].status, rows[third.pk].late, rows[third.pk].orgs) == (
        ProgressStatus.NOT_STARTED,
        False,
        [],
    )
    assert board.totals == {
        "not_started": 2,
        "in_progress": 1,
        "done": 1,
        "blocked": 0,
        "late": 1,
        "total": 4,
    }
    assert rows[first.pk].participants == ["测试市教科文卫体工会下属各县区工会"]
    # drill-down to 乙县: only its union counts, and the item is not done there
    board_y = plan_board(plan=city_plan, user=city_officer, within=world.county_y, today=dt.date(2020, 6, 1))
    assert [(o.org.code, o.status) for o in board_y.rows[0].orgs] == [("CY", "in_progress")]
    # a county sees its own reports only, with the silent expected unions of its subtree
    board_x = plan_board(plan=city_plan, user=county_x_officer, today=dt.date(2020, 6, 1))
    assert [(o.org.code, o.status) for o in board_x.rows[0].orgs] == [("CX", "done")]
    assert board_x.rows[0].status == ProgressStatus.DONE


def test_an_expected_union_that_did_not_report_counts_as_not_started(
    city_plan, city_officer, county_x_officer, world
):
    # given
    first = _items(city_plan)[0]
    assignment_set(
        target=first,
        actor=city_officer,
        participants=[
            OrgTarget(kind=TargetKind.ORG, org_id=world.county_x.pk),
            OrgTarget(kind=TargetKind.ORG, org_id=world.org_b.pk),
        ],
    )
    progress_report_submit(item=first, org=world.county_x, actor=county_x_officer, status="done", text="完成")
    # when
    row = plan_board(plan=city_plan, user=city_officer).rows[0]
    # then
    assert [(o.org.code, o.report is None) for o in row.orgs] == [("CX", False), ("ORGB", True)]
    assert (row.status, row.reported, row.counts["not_started"]) == (ProgressStatus.IN_PROGRESS, 1, 1)


def _grow(plan, officer, world, n):
    """n more grassroots unions under 甲县 taking part in and reporting on every item."""
    items = _items(plan)
    for i in range(n):
        org = OrgFactory.create(
            parent=world.county_x, code=f"GX{n}{i}", name=f"甲县学校{n}-{i}工会", unit_name=f"甲县学校{n}-{i}"
        )
        reporter = make_cadre(f"r{n}{i}", org)
        grant_officer(reporter, org)
        for item in items:
            progress_report_submit(item=item, org=org, actor=reporter, status="in_progress", text="进行中")
    for item in items:
        assignment_set(
            target=item,
            actor=officer,
            participants=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.county_x.pk)],
            due_month=5,
        )


def test_board_queries_do_not_grow_with_unions_and_reports(city_plan, city_officer, world):
    # given
    _grow(city_plan, city_officer, world, 1)
    with CaptureQueriesContext(connection) as small:
        plan_board(plan=city_plan, user=city_officer)
    _grow(city_plan, city_officer, world, 4)
    # when
    with CaptureQueriesContext(connection) as large:
        board = plan_board(plan=city_plan, user=city_officer)
    # then
    assert len(board.rows[0].orgs) == 7  # 甲县, org A and the five new schools
    assert len(large.captured_queries) == len(small.captured_queries)
