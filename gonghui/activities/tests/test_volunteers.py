"""志愿服务 services: hours exclude the journey, records count only once the 7 calendar days of 公示 are over (the
notices' close job, time moved), an upheld objection withdraws its record, the batch entry's rules and messages,
edit and withdraw only before 公示, the 证明 issued with the counted hours or refused, the yearly totals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.choices import ProofStatus, ServiceRecordStatus
from gonghui.activities.models import ServiceRecord
from gonghui.activities.selectors.volunteers import (
    HoursFilters,
    hour_figures,
    hours_by_member,
    hours_by_team,
)
from gonghui.activities.services.volunteers import (
    RecordRow,
    proof_request,
    record_update,
    record_withdraw,
    records_enter,
    records_publicise,
)
from gonghui.activities.tests.factories_volunteers import enter, make_project, make_team
from gonghui.notices.choices import NoticeStatus, ObjectionOutcome
from gonghui.notices.services import notices_close_due, objection_answer, objection_submit

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _counted(project, admin) -> None:
    """Publicise the project's pending records and let the 7 days pass."""
    records_publicise(project=project, actor=admin)
    notices_close_due(today=_today() + dt.timedelta(days=7))


@pytest.fixture
def setup(world):
    _user, other = make_member_user("13700002222", world.org_a, name="乙志愿者")
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a, other))
    project = make_project(team=team, actor=world.org_admin)
    return team, project, other


def test_hours_exclude_the_journey(world, setup):
    _team, project, _other = setup
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "2.5")])
    _counted(project, world.org_admin)
    figures = hour_figures(world.member_a)
    assert figures.counted == Decimal("3")
    assert figures.total == Decimal("3")
    (row,) = hours_by_member(world.org_admin, HoursFilters(year=_today().year))
    assert row["hours"] == Decimal("3")


def test_records_count_only_after_seven_calendar_days(world, setup):
    _team, project, _other = setup
    (record,) = enter(project=project, actor=world.org_admin, rows=[(world.member_a, "4", "1")])
    notice = records_publicise(project=project, actor=world.org_admin)
    assert notice.ends_on == _today() + dt.timedelta(days=6)  # 7 calendar days, today included
    record.refresh_from_db()
    assert record.status == ServiceRecordStatus.PUBLICISED
    assert hour_figures(world.member_a).pending == Decimal("4")
    assert hour_figures(world.member_a).counted == 0

    notices_close_due(today=_today() + dt.timedelta(days=6))  # the last day of the window: still running
    record.refresh_from_db()
    assert record.status == ServiceRecordStatus.PUBLICISED
    assert record.counted_at is None

    notices_close_due(today=_today() + dt.timedelta(days=7))
    record.refresh_from_db()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    assert record.status == ServiceRecordStatus.COUNTED
    assert record.counted_at is not None
    assert hour_figures(world.member_a).counted == Decimal("4")


def test_an_upheld_objection_withdraws_the_record(world, setup):
    _team, project, other = setup
    mine, theirs = enter(
        project=project, actor=world.org_admin, rows=[(world.member_a, "3", "0"), (other, "5", "0")]
    )
    notice = records_publicise(project=project, actor=world.org_admin)
    theirs.refresh_from_db()
    objection = objection_submit(
        notice=notice, user=world.org_member, text="当天乙志愿者并未到场服务", entry=theirs.notice_entry
    )
    objection_answer(
        objection=objection, outcome=ObjectionOutcome.UPHELD, answer="经核实异议成立", actor=world.org_admin
    )
    theirs.refresh_from_db()
    assert theirs.status == ServiceRecordStatus.WITHDRAWN
    notices_close_due(today=_today() + dt.timedelta(days=7))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == ServiceRecordStatus.COUNTED
    assert theirs.status == ServiceRecordStatus.WITHDRAWN
    assert theirs.counted_at is None
    assert hour_figures(other).total == 0


def test_batch_entry_rules_name_the_row(world, setup):
    _team, project, other = setup
    _outsider_user, stranger = make_member_user("13700003333", world.org_a, name="丙会员")
    day = _today() - dt.timedelta(days=1)

    def attempt(rows):
        with pytest.raises(ValidationError) as caught:
            records_enter(project=project, served_on=day, content="示范课", rows=rows, actor=world.org_admin)
        return " ".join(caught.value.messages)

    assert "第1行 甲会员：服务时长须大于0且不超过24小时" in attempt([RecordRow(world.member_a, Decimal("0"))])
    assert "服务时长须大于0且不超过24小时" in attempt([RecordRow(world.member_a, Decimal("24.5"))])
    assert "往返交通时长不能为负数" in attempt([RecordRow(world.member_a, Decimal("2"), Decimal("-1"))])
    assert "第1行 丙会员：服务当日不是本队志愿者" in attempt([RecordRow(stranger, Decimal("2"))])
    assert "同一志愿者重复填写" in attempt([RecordRow(other, Decimal("2")), RecordRow(other, Decimal("3"))])
    records_enter(
        project=project,
        served_on=day,
        content="示范课",
        rows=[RecordRow(other, Decimal("2"))],
        actor=world.org_admin,
    )
    assert "已有本项目的服务记录" in attempt(
        [RecordRow(world.member_a, Decimal("1")), RecordRow(other, Decimal("2"))]
    )
    assert ServiceRecord.objects.filter(project=project).count() == 1  # all or nothing


def test_edit_and_withdraw_only_before_publicity(world, setup):
    _team, project, other = setup
    first, second = enter(
        project=project, actor=world.org_admin, rows=[(world.member_a, "3", "0"), (other, "2", "0")]
    )
    record_update(
        record=first,
        hours=Decimal("3.5"),
        travel_hours=Decimal("1"),
        content="示范课",
        evaluation="",
        actor=world.org_admin,
    )
    record_withdraw(record=second, reason="登记错误", actor=world.org_admin)
    records_publicise(project=project, actor=world.org_admin)
    first.refresh_from_db()
    assert first.hours == Decimal("3.5")
    assert first.status == ServiceRecordStatus.PUBLICISED
    with pytest.raises(ValidationError, match="公示后不能再修改或撤销"):
        record_withdraw(record=first, reason="再撤销", actor=world.org_admin)
    # the withdrawn day may be entered again, as a new draft
    (again,) = records_enter(
        project=project,
        served_on=second.served_on,
        content="补登",
        rows=[RecordRow(other, Decimal("2"))],
        actor=world.org_admin,
    )
    assert again.pk == second.pk
    assert again.status == ServiceRecordStatus.DRAFT


def test_proof_issued_with_the_counted_hours(world, setup):
    _team, project, _other = setup
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "2")], days_ago=10)
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "2.5", "0")], days_ago=9)
    _counted(project, world.org_admin)
    enter(
        project=project, actor=world.org_admin, rows=[(world.member_a, "6", "0")], days_ago=1
    )  # not yet counted
    proof = proof_request(
        member=world.member_a,
        org=world.org_a,
        period_from=_today() - dt.timedelta(days=30),
        period_to=_today(),
        purpose="评优评先",
        actor=world.org_member,
    )
    assert proof.status == ProofStatus.ISSUED
    assert proof.hours == Decimal("5.5")
    certificate = proof.certificate
    assert certificate is not None
    assert certificate.data["hours"] == "5.5"
    assert len(certificate.data["records"]) == 2
    assert "id_number" not in str(certificate.data)


def test_proof_refused_when_nothing_counts(world, setup):
    _team, project, _other = setup
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "0")])
    records_publicise(project=project, actor=world.org_admin)  # 公示中: does not count yet
    proof = proof_request(
        member=world.member_a,
        org=world.org_a,
        period_from=_today() - dt.timedelta(days=30),
        period_to=_today(),
        purpose="",
        actor=world.org_member,
    )
    assert proof.status == ProofStatus.REFUSED
    assert proof.certificate_id is None
    assert proof.hours == 0
    with pytest.raises(ValidationError, match="截止日期不能早于起始日期"):
        proof_request(
            member=world.member_a,
            org=world.org_a,
            period_from=_today(),
            period_to=_today() - dt.timedelta(days=1),
            purpose="",
            actor=world.org_member,
        )


def test_yearly_totals_per_member_and_team(world, setup):
    team, project, other = setup
    second_team = make_team(
        org=world.org_a, actor=world.org_admin, members=(world.member_a,), name="送医志愿服务队"
    )
    second_project = make_project(team=second_team, actor=world.org_admin, title="健康义诊")
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "1"), (other, "2", "0")])
    enter(project=second_project, actor=world.org_admin, rows=[(world.member_a, "4", "0")])
    _counted(project, world.org_admin)
    _counted(second_project, world.org_admin)
    year = _today().year
    members = {
        row["member__name"]: row["hours"] for row in hours_by_member(world.org_admin, HoursFilters(year=year))
    }
    assert members == {"甲会员": Decimal("7"), "乙志愿者": Decimal("2")}
    teams = {
        row["project__team__name"]: row["hours"]
        for row in hours_by_team(world.org_admin, HoursFilters(year=year))
    }
    assert teams == {team.name: Decimal("5"), "送医志愿服务队": Decimal("4")}
    only = hours_by_member(world.org_admin, HoursFilters(year=year, team=second_team.pk))
    assert [(r["member__name"], r["hours"]) for r in only] == [("甲会员", Decimal("4"))]
    assert not list(hours_by_member(world.org_admin, HoursFilters(year=year - 1)))
    assert not list(hours_by_member(world.outsider, HoursFilters(year=year)))
