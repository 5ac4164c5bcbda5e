"""逐级审核汇总: with the task's flag on, a grassroots answer is reviewed by its county union (the sender's direct
subordinate on its line), which passes its subtree up once every answer is 已通过 or confirmed missing; the sender
counts the county's answers from then on and may 退回汇总. Three actors throughout: the county's admin, a
grassroots cadre below it, the admin of the other county."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.choices import ConsolidationStatus, SubmissionStatus
from gonghui.reports.models import ReportConsolidation, ReportSubmission, ReportTask
from gonghui.reports.selectors import open_submissions, task_aggregate, task_board
from gonghui.reports.services import (
    TaskInput,
    report_consolidation_pass_up,
    report_consolidation_return,
    report_reminders_run,
    report_submission_accept,
    report_submission_return,
    report_submission_submit,
    report_task_create,
    report_task_publish,
)
from gonghui.reports.workflows import consolidation_available_actions, submission_available_actions

from .factories import report_cadre

pytestmark = pytest.mark.django_db

FIELDS = [{"key": "f1", "label": "教职工人数", "type": "number", "required": True, "choices": []}]


@pytest.fixture
def task(rw):
    w = rw.world
    created = report_task_create(
        org=w.city,
        actor=rw.city_admin,
        data=TaskInput(
            title="逐级汇总统计",
            instructions="",
            kind="form",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
            fields=FIELDS,
            consolidate=True,
        ),
    )
    report_task_publish(task=created, actor=rw.city_admin)
    created.refresh_from_db()
    return created


@pytest.fixture
def other_county_admin(rw):
    return report_cadre("cy_rep", rw.world.county_y)


def _sub(task, org):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def _con(task, org):
    return ReportConsolidation.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def test_publishing_opens_one_consolidation_per_county_with_recipients(rw, task):
    assert task.consolidate
    assert [(c.org.code, c.status) for c in task.consolidations.order_by("org__path")] == [
        ("CX", ConsolidationStatus.PENDING),
        ("CY", ConsolidationStatus.PENDING),
    ]


def test_a_grassroots_answer_is_reviewed_by_its_county_only(rw, task, other_county_admin):
    w = rw.world
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "30"})
    assert Notification.objects.filter(recipient=rw.county_admin, title="待审核：逐级汇总统计").exists()
    assert not Notification.objects.filter(recipient=rw.city_admin, title__startswith="待审核").exists()
    answer = _sub(task, w.org_a)
    assert submission_available_actions(answer, rw.county_admin) == ["return", "accept"]
    assert submission_available_actions(answer, rw.city_admin) == []  # the sender waits for the county
    assert submission_available_actions(answer, w.org_admin) == []
    assert submission_available_actions(answer, other_county_admin) == []
    for actor in (rw.city_admin, w.org_admin, other_county_admin):
        with pytest.raises(PermissionDenied):
            report_submission_accept(submission=answer, actor=actor)
    report_submission_return(submission=answer, actor=rw.county_admin, reason="人数有误")
    assert _sub(task, w.org_a).returned_by_org == w.county_x
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "31"})
    assert (
        report_submission_accept(submission=_sub(task, w.org_a), actor=rw.county_admin).status == "accepted"
    )


def test_the_full_flow_up_to_the_sender(rw, task, other_county_admin):
    w = rw.world
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "30"})
    # not yet reviewed: refused, in Chinese, naming the union
    with pytest.raises(ValidationError) as caught:
        report_consolidation_pass_up(consolidation=_con(task, w.county_x), actor=rw.county_admin)
    assert caught.value.messages == [
        "还有 1 个单位的报送待审核（甲县第一中学工会），请先审核通过或退回后再上报汇总"
    ]
    # the county sees its answers in its aggregate; the sender does not yet
    assert {r.org_code: r.total for r in task_aggregate(task=task, user=rw.county_admin)[1]}["CX"] == {
        "f1": 30
    }
    sender_rows = {r.org_code: r for r in task_aggregate(task=task, user=rw.city_admin)[1]}
    assert sender_rows["CITY"].total == {}
    assert sender_rows["ORGA"].status == "已报送（待上级汇总单位上报）"
    report_submission_accept(submission=_sub(task, w.org_a), actor=rw.county_admin)
    # only the county's own admin passes up
    for actor in (w.org_admin, other_county_admin, rw.city_admin):
        assert consolidation_available_actions(_con(task, w.county_x), actor) == []
        with pytest.raises(PermissionDenied):
            report_consolidation_pass_up(consolidation=_con(task, w.county_x), actor=actor)
    assert consolidation_available_actions(_con(task, w.county_x), rw.county_admin) == ["pass_up"]
    passed = report_consolidation_pass_up(consolidation=_con(task, w.county_x), actor=rw.county_admin)
    assert (passed.status, passed.passed_by, passed.missing) == ("passed", rw.county_admin, [])
    assert Notification.objects.filter(recipient=rw.city_admin, title="已上报汇总：逐级汇总统计").exists()
    # the sender now counts it and sees the county as reported
    assert {r.org_code: r.total for r in task_aggregate(task=task, user=rw.city_admin)[1]}["CITY"] == {
        "f1": 30
    }
    board = task_board(task=task, user=rw.city_admin)
    assert {r.org.code: getattr(r.consolidation, "status", None) for r in board.rows} == {
        "CX": "passed",
        "CY": "pending",
    }
    # a second 上报 is refused by the state
    with pytest.raises(ValidationError) as caught:
        report_consolidation_pass_up(consolidation=_con(task, w.county_x), actor=rw.county_admin)
    assert caught.value.messages == ["当前状态“已上报汇总”下不能执行“上报汇总”"]


def test_missing_units_must_be_confirmed_and_then_cannot_report(rw, task, other_county_admin):
    w = rw.world
    with pytest.raises(ValidationError) as caught:
        report_consolidation_pass_up(consolidation=_con(task, w.county_y), actor=other_county_admin)
    assert caught.value.messages == [
        "还有 1 个单位未报送（乙县人民医院工会）。如确认这些单位缺报，请点击“确认缺报并上报”"
    ]
    passed = report_consolidation_pass_up(
        consolidation=_con(task, w.county_y), actor=other_county_admin, confirm_missing=True
    )
    assert passed.missing == ["乙县人民医院工会"]
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(submission=_sub(task, w.org_b), actor=w.outsider, values={"f1": "5"})
    assert caught.value.messages == ["乙县教育工会已上报汇总，不能再报送；如需补报，请联系乙县教育工会"]
    assert _sub(task, w.org_b).status == SubmissionStatus.PENDING
    # nor is it reminded any more: 催报 and the reminder job leave it out
    assert [s.org.code for s in open_submissions(task)] == ["ORGA"]
    ReportTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    assert report_reminders_run() == "截止前提醒 0 个单位，逾期提醒 1 个单位"
    assert _sub(task, w.org_b).reminded_overdue_at is None
    ReportTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() + dt.timedelta(days=10))
    # the sender sends it back; the unit may report again
    with pytest.raises(PermissionDenied):
        report_consolidation_return(
            consolidation=_con(task, w.county_y), actor=other_county_admin, reason="补报"
        )
    with pytest.raises(ValidationError) as caught:
        report_consolidation_return(consolidation=_con(task, w.county_y), actor=rw.city_admin, reason="  ")
    assert caught.value.message_dict == {"note": ["请填写退回汇总的理由"]}
    returned = report_consolidation_return(
        consolidation=_con(task, w.county_y), actor=rw.city_admin, reason="请督促医院补报"
    )
    assert (returned.status, returned.return_reason) == ("pending", "请督促医院补报")
    assert Notification.objects.filter(recipient=other_county_admin, title__startswith="汇总被退回").exists()
    report_submission_submit(submission=_sub(task, w.org_b), actor=w.outsider, values={"f1": "5"})


@pytest.mark.parametrize(
    ("actor", "status"),
    [("county_admin", 302), ("org_admin", 404), ("org_member", 403), ("other_county_admin", 404)],
)
def test_the_pass_up_button_per_actor(client, rw, task, other_county_admin, actor, status):
    w = rw.world
    user = {"county_admin": rw.county_admin, "other_county_admin": other_county_admin}.get(actor) or getattr(
        w, actor
    )
    client.force_login(user)
    url = reverse("reports:consolidation_pass_up", args=[_con(task, w.county_x).public_id])
    assert client.post(url, {"confirm_missing": "1"}).status_code == status
    expected = ConsolidationStatus.PASSED if actor == "county_admin" else ConsolidationStatus.PENDING
    assert _con(task, w.county_x).status == expected


def test_the_task_page_shows_the_county_its_button_and_the_refusal(client, rw, task):
    w = rw.world
    client.force_login(rw.county_admin)
    url = reverse("reports:task_detail", args=[task.public_id])
    page = client.get(url).content.decode()
    assert "逐级审核汇总" in page
    assert 'data-consolidation="CX"' in page
    assert 'data-consolidation="CY"' not in page  # the other county's is not the county's business
    assert "确认缺报并上报" in page
    pass_up = reverse("reports:consolidation_pass_up", args=[_con(task, w.county_x).public_id])
    page = client.post(pass_up, follow=True).content.decode()
    assert "还有 1 个单位未报送（甲县第一中学工会）" in page
    page = client.post(pass_up, {"confirm_missing": "1"}, follow=True).content.decode()
    assert "甲县教育工会的汇总已上报至测试市教科文卫体工会" in page
    client.force_login(rw.city_admin)
    page = client.get(url).content.decode()
    assert "已上报汇总" in page
    assert "确认缺报：甲县第一中学工会" in page
    assert reverse("reports:consolidation_return", args=[_con(task, w.county_x).public_id]) in page
    response = client.post(
        reverse("reports:consolidation_return", args=[_con(task, w.county_x).public_id]), {"note": "请补报"}
    )
    assert response.status_code == 302
    assert _con(task, w.county_x).status == ConsolidationStatus.PENDING
    client.force_login(rw.county_admin)
    forbidden = client.get(reverse("reports:consolidation_return", args=[_con(task, w.county_x).public_id]))
    assert forbidden.status_code == 403


def test_the_sender_reads_a_grassroots_answer_only_after_its_county_passed_up(client, rw, task):
    w = rw.world
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "4321"})
    url = reverse("reports:submission_detail", args=[_sub(task, w.org_a).public_id])
    client.force_login(rw.city_admin)
    page = client.get(url).content.decode()
    assert "data-withheld" in page
    assert "4321" not in page
    client.force_login(rw.county_admin)
    assert "4321" in client.get(url).content.decode()
    report_submission_accept(submission=_sub(task, w.org_a), actor=rw.county_admin)
    report_consolidation_pass_up(consolidation=_con(task, w.county_x), actor=rw.county_admin)
    client.force_login(rw.city_admin)
    page = client.get(url).content.decode()
    assert "4321" in page
    assert "data-withheld" not in page
