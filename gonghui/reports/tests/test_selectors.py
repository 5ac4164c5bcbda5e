"""Who sees which task and submission, the inbox counts, the board with drill-down and the aggregate."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.models import ReportSubmission
from gonghui.reports.selectors import (
    inbox_counts,
    submission_get_for_user,
    submission_list_for_user,
    task_aggregate,
    task_board,
    task_get_for_user,
    task_list_for_user,
)
from gonghui.reports.services import (
    report_submission_mark_read,
    report_submission_return,
    report_submission_submit,
)

from .factories import HEADERS, make_task, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def deep_task(rw):
    """The city asks every grassroots union and every branch (org A, org B and org A's branch)."""
    w = rw.world
    return make_task(
        org=w.city,
        actor=rw.city_admin,
        targets=[
            OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS),
            OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.BRANCH),
        ],
    )


def _sub(task, code):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org__code=code)


def test_task_visibility_sender_recipients_and_others(rw, city_task):
    w = rw.world
    own_task = make_task(org=w.org_a, actor=w.org_admin, title="甲校内部报送")
    # the sender's cadres and the recipients (through their submission) see the city task
    for user in (rw.city_admin, w.org_admin, w.outsider, rw.county_admin):
        assert task_get_for_user(user=user, public_id=city_task.public_id) == city_task
    # org A's own task is seen by org A and the unions above it, not by org B
    assert task_get_for_user(user=rw.county_admin, public_id=own_task.public_id) == own_task
    with pytest.raises(Http404):
        task_get_for_user(user=w.outsider, public_id=own_task.public_id)
    with pytest.raises(Http404):
        task_get_for_user(user=w.org_member, public_id=own_task.public_id)
    # a recipient sees but does not manage the sender's task
    with pytest.raises(PermissionDenied):
        task_get_for_user(user=w.org_admin, public_id=city_task.public_id, action="reports.manage")
    assert [t.title for t in task_list_for_user(user=w.outsider)] == [city_task.title]
    assert [t.title for t in task_list_for_user(user=w.org_admin, side="sent")] == ["甲校内部报送"]
    assert [t.title for t in task_list_for_user(user=w.org_admin, side="received")] == [city_task.title]


def test_submissions_are_seen_by_recipient_unions_above_and_sender_only(rw, city_task):
    w = rw.world
    sub_b = _sub(city_task, "ORGB")
    assert submission_get_for_user(user=w.outsider, public_id=sub_b.public_id) == sub_b
    assert submission_get_for_user(user=rw.city_admin, public_id=sub_b.public_id) == sub_b
    for user in (w.org_admin, rw.county_admin, w.org_member):
        with pytest.raises(Http404):
            submission_get_for_user(user=user, public_id=sub_b.public_id)


def test_inbox_counts_pending_and_unread_of_own_orgs(rw, deep_task):
    w = rw.world
    assert inbox_counts(user=w.org_admin) == {"pending": 1, "unread": 1}
    assert [s.org.code for s in submission_list_for_user(user=w.org_admin)] == ["ORGA"]
    assert [s.org.code for s in submission_list_for_user(user=w.org_admin, own_only=False)] == [
        "ORGA",
        "ORGA1",
    ]
    # when org A opens and answers
    sub_a = _sub(deep_task, "ORGA")
    report_submission_mark_read(submission=sub_a, actor=rw.city_admin)  # the sender reading marks nothing
    assert inbox_counts(user=w.org_admin)["unread"] == 1
    report_submission_mark_read(submission=sub_a, actor=w.org_admin)
    assert inbox_counts(user=w.org_admin) == {"pending": 1, "unread": 0}
    report_submission_submit(submission=sub_a, actor=w.org_admin, values={"f1": "5"})
    assert inbox_counts(user=w.org_admin) == {"pending": 0, "unread": 0}
    assert list(submission_list_for_user(user=w.org_admin, status="open")) == []


def test_board_counts_per_child_subtree_and_drills_down(rw, deep_task):
    w = rw.world
    report_submission_submit(submission=_sub(deep_task, "ORGA"), actor=w.org_admin, values={"f1": "5"})
    report_submission_submit(submission=_sub(deep_task, "ORGB"), actor=w.outsider, values={"f1": "7"})
    report_submission_return(submission=_sub(deep_task, "ORGB"), actor=rw.city_admin, reason="补充材料")
    # when the sender looks at the top
    board = task_board(task=deep_task, user=rw.city_admin)
    # then one row per county, counted over its subtree
    rows = {r.org.code: r for r in board.rows}
    assert list(rows) == ["CX", "CY"]
    assert (rows["CX"].counts.targets, rows["CX"].counts.submitted, rows["CX"].counts.missing) == (2, 1, 1)
    assert (rows["CY"].counts.targets, rows["CY"].counts.returned) == (1, 1)
    assert board.totals.targets == 3
    assert board.totals.percent == 33
    # drill into 甲县, then org A: its own submission and its branch
    county = task_board(task=deep_task, user=rw.city_admin, under="CX")
    assert [r.org.code for r in county.rows] == ["ORGA"]
    assert county.rows[0].below == 1
    school = task_board(task=deep_task, user=rw.city_admin, under="ORGA")
    assert school.own is not None
    assert school.own.org.code == "ORGA"
    assert [r.org.code for r in school.rows] == ["ORGA1"]
    assert [o.code for o in school.trail] == ["CITY", "CX", "ORGA"]
    # the county's cadre sees only its own subtree on the board
    assert [r.org.code for r in task_board(task=deep_task, user=rw.county_admin).rows] == ["CX"]
    # an unknown or foreign code falls back to the top
    assert task_board(task=deep_task, user=rw.city_admin, under="NOPE").root == w.city


def test_aggregate_sums_numbers_up_the_tree(rw, deep_task):
    w = rw.world
    report_submission_submit(submission=_sub(deep_task, "ORGA"), actor=w.org_admin, values={"f1": "5"})
    report_submission_submit(submission=_sub(deep_task, "ORGA1"), actor=w.org_admin, values={"f1": "2.5"})
    report_submission_submit(submission=_sub(deep_task, "ORGB"), actor=w.outsider, values={"f1": "7"})
    report_submission_return(submission=_sub(deep_task, "ORGB"), actor=rw.city_admin, reason="补充")
    # when
    columns, rows = task_aggregate(task=deep_task, user=rw.city_admin)
    # then
    assert [c.label for c in columns if c.numeric] == ["教职工人数"]  # summed; the other fields are shown
    by_code = {r.org_code: r for r in rows}
    assert [r.org_code for r in rows] == ["CITY", "CX", "ORGA", "ORGA1", "CY", "ORGB"]
    assert by_code["CITY"].total == {"f1": 7.5}  # org B's returned answer does not count
    assert by_code["CX"].own == {}
    assert by_code["CX"].status == "（非报送对象）"
    assert (by_code["ORGA"].own, by_code["ORGA"].total) == ({"f1": 5}, {"f1": 7.5})
    assert by_code["ORGB"].total == {}
    assert by_code["ORGB"].status == "已退回"


def test_excel_aggregate_sums_the_numeric_template_columns(rw):
    w = rw.world
    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        kind="excel",
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
    )
    report_submission_submit(
        submission=_sub(task, "ORGA"),
        actor=w.org_admin,
        filled=xlsx_upload([HEADERS, ["一校", 30, 28, "无"]]),
    )
    report_submission_submit(
        submission=_sub(task, "ORGB"), actor=w.outsider, filled=xlsx_upload([HEADERS, ["医院", 12, 10, ""]])
    )
    columns, rows = task_aggregate(task=task, user=rw.city_admin)
    assert [c.label for c in columns] == [
        "上传文件",
        "数据行数",
        "教职工人数",
        "会员人数",
    ]  # 单位, 备注: text
    city = {r.org_code: r for r in rows}["CITY"]
    assert city.total == {"__rows": 2, "教职工人数": 42, "会员人数": 38}  # two data rows, summed columns
    assert {r.org_code: r for r in rows}["ORGA"].answers == {"__file": "表.xlsx"}


def test_board_queries_do_not_grow_with_orgs(rw, deep_task, django_assert_max_num_queries):
    w = rw.world
    for n in range(5):
        OrgFactory.create(parent=w.county_y, code=f"ORGY{n}", name=f"乙县学校{n}工会")
    bigger = make_task(
        org=w.city,
        actor=rw.city_admin,
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
    )
    assert bigger.submissions.count() == 7
    with django_assert_max_num_queries(5):
        board = task_board(task=bigger, user=rw.city_admin, under="CY")
        assert len(board.rows) == 6
