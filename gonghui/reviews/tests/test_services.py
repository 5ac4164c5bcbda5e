"""Scoring: points within 0..满分, veto items, required comments (errors name the criterion), submit locks the
sheet, the organiser reopens one sheet with a reason; only a judge of the round scores, only entries they see."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.reviews.choices import RoundStatus, SheetStatus
from gonghui.reviews.models import Criterion, Score, ScoreSheet
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    conflict_declare,
    entry_add,
    round_close,
    round_open,
    sheet_reopen,
    sheet_save,
    sheet_submit,
    template_create,
)

from .conftest import Setup
from .factories import make_entry, make_round

pytestmark = pytest.mark.django_db


def criteria(setup: Setup) -> dict[str, Criterion]:
    return {c.name: c for c in setup.review_round.template.criteria.all()}


def full_scores(setup: Setup, innovation: str = "35", effect: str = "50") -> dict[int, ScoreInput]:
    c = criteria(setup)
    return {
        c["创新性"].pk: ScoreInput(innovation),
        c["实效性"].pk: ScoreInput(effect, "推广到全市"),
        c["存在违纪违法"].pk: ScoreInput("0"),
    }


@pytest.fixture
def opened(setup: Setup) -> Setup:
    round_open(review_round=setup.review_round, actor=setup.organiser)
    return setup


def test_a_judge_scores_and_submits_and_the_sheet_is_then_locked(opened: Setup) -> None:
    judge, entry = opened.judge_a, opened.entry_b
    sheet = sheet_save(judge=judge, entry=entry, scores=full_scores(opened), actor=judge.user)
    assert sorted(Score.objects.filter(sheet=sheet).values_list("points", flat=True)) == [0, 35, 50]
    sheet = sheet_submit(sheet=sheet, actor=judge.user)
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.submitted_at is not None
    assert TimelineEntry.objects.filter(object_id=str(sheet.pk), action="submit").count() == 1
    with pytest.raises(ValidationError, match="已提交"):
        sheet_save(judge=judge, entry=entry, scores=full_scores(opened, "10"), actor=judge.user)
    assert Score.objects.get(sheet=sheet, criterion__name="创新性").points == 35


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("创新性", "41", "「创新性」的得分须在 0 到 40 分之间"),
        ("创新性", "-1", "「创新性」的得分须在 0 到 40 分之间"),
        ("创新性", "abc", "「创新性」的得分须为数字"),
        ("创新性", "NaN", "「创新性」的得分须为数字"),
        ("创新性", "3.125", "「创新性」的得分最多保留两位小数"),
        ("存在违纪违法", "2", "否决项「存在违纪违法」只能选择"),
    ],
)
def test_points_out_of_range_are_refused_naming_the_criterion(
    opened: Setup, name: str, value: str, message: str
) -> None:
    judge = opened.judge_a
    with pytest.raises(ValidationError, match=message):
        sheet_save(
            judge=judge,
            entry=opened.entry_b,
            scores={criteria(opened)[name].pk: ScoreInput(value)},
            actor=judge.user,
        )
    assert not ScoreSheet.objects.exists()


def test_submit_needs_every_criterion_and_the_required_comments(opened: Setup) -> None:
    judge = opened.judge_a
    c = criteria(opened)
    sheet = sheet_save(
        judge=judge, entry=opened.entry_b, scores={c["创新性"].pk: ScoreInput("30")}, actor=judge.user
    )
    with pytest.raises(ValidationError, match="请为「实效性」评分"):
        sheet_submit(sheet=sheet, actor=judge.user)
    sheet_save(
        judge=judge,
        entry=opened.entry_b,
        scores={c["实效性"].pk: ScoreInput("50"), c["存在违纪违法"].pk: ScoreInput("0")},
        actor=judge.user,
    )
    with pytest.raises(ValidationError, match="请填写「实效性」的评语"):
        sheet_submit(sheet=sheet, actor=judge.user)
    sheet_save(
        judge=judge, entry=opened.entry_b, scores={c["实效性"].pk: ScoreInput("50", "好")}, actor=judge.user
    )
    assert sheet_submit(sheet=sheet, actor=judge.user).status == SheetStatus.SUBMITTED


def test_a_ticked_veto_needs_a_comment(opened: Setup) -> None:
    judge = opened.judge_a
    scores = full_scores(opened)
    scores[criteria(opened)["存在违纪违法"].pk] = ScoreInput("1")
    sheet = sheet_save(judge=judge, entry=opened.entry_b, scores=scores, actor=judge.user)
    with pytest.raises(ValidationError, match="请填写「存在违纪违法」的评语"):
        sheet_submit(sheet=sheet, actor=judge.user)


def test_nobody_scores_an_entry_hidden_from_them_or_on_another_judges_row(opened: Setup) -> None:
    judge_a = opened.judge_a
    with pytest.raises(PermissionDenied):  # org A is judge A's own union
        sheet_save(judge=judge_a, entry=opened.entry_a, scores=full_scores(opened), actor=judge_a.user)
    with pytest.raises(PermissionDenied):  # judge B's row is not judge A's
        sheet_save(judge=opened.judge_b, entry=opened.entry_x, scores=full_scores(opened), actor=judge_a.user)
    with pytest.raises(PermissionDenied):  # the organiser is no judge
        sheet_save(judge=judge_a, entry=opened.entry_b, scores=full_scores(opened), actor=opened.organiser)
    conflict_declare(judge=judge_a, entry=opened.entry_x, actor=judge_a.user)
    with pytest.raises(PermissionDenied):
        sheet_save(judge=judge_a, entry=opened.entry_x, scores=full_scores(opened), actor=judge_a.user)
    assert not ScoreSheet.objects.exists()


def test_no_scoring_before_the_round_opens_or_after_it_closes(setup: Setup) -> None:
    judge = setup.judge_a
    with pytest.raises(ValidationError, match="评审未在进行中"):
        sheet_save(judge=judge, entry=setup.entry_b, scores=full_scores(setup), actor=judge.user)
    round_open(review_round=setup.review_round, actor=setup.organiser)
    sheet = sheet_save(judge=judge, entry=setup.entry_b, scores=full_scores(setup), actor=judge.user)
    round_close(review_round=setup.review_round, actor=setup.organiser)
    with pytest.raises(ValidationError, match="评审未在进行中"):
        sheet_submit(sheet=sheet, actor=judge.user)


def test_the_organiser_reopens_one_sheet_with_a_reason(opened: Setup) -> None:
    judge = opened.judge_a
    sheet = sheet_save(judge=judge, entry=opened.entry_b, scores=full_scores(opened), actor=judge.user)
    sheet = sheet_submit(sheet=sheet, actor=judge.user)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        sheet_reopen(sheet=sheet, reason=" ", actor=opened.organiser)
    with pytest.raises(PermissionDenied):
        sheet_reopen(sheet=sheet, reason="分数有误", actor=judge.user)
    with pytest.raises(PermissionDenied):  # 工会管理员 of org A holds no reviews.manage on the city
        sheet_reopen(sheet=sheet, reason="分数有误", actor=opened.world.org_admin)
    sheet = sheet_reopen(sheet=sheet, reason="实效性分数有误", actor=opened.organiser)
    assert sheet.status == SheetStatus.REOPENED
    assert sheet.reopen_reason == "实效性分数有误"
    row = TimelineEntry.objects.get(object_id=str(sheet.pk), action="reopen")
    assert row.note == "实效性分数有误"
    assert (row.from_state, row.to_state) == ("submitted", "reopened")
    assert AuditLog.objects.filter(object_id=str(sheet.pk)).exists()
    sheet_save(judge=judge, entry=opened.entry_b, scores=full_scores(opened, "20"), actor=judge.user)
    assert sheet_submit(sheet=sheet, actor=judge.user).status == SheetStatus.SUBMITTED
    with pytest.raises(ValidationError, match="只能退回已提交"):
        sheet_reopen(
            sheet=ScoreSheet.objects.create(
                round=opened.review_round, judge=opened.judge_b, entry=opened.entry_x
            ),
            reason="x",
            actor=opened.organiser,
        )


def test_a_conflict_on_a_submitted_sheet_is_refused_and_on_a_draft_deletes_it(opened: Setup) -> None:
    judge = opened.judge_a
    sheet = sheet_save(judge=judge, entry=opened.entry_b, scores=full_scores(opened), actor=judge.user)
    conflict_declare(judge=judge, entry=opened.entry_b, actor=judge.user)
    assert not ScoreSheet.objects.filter(pk=sheet.pk).exists()
    sheet = sheet_save(judge=judge, entry=opened.entry_x, scores=full_scores(opened), actor=judge.user)
    sheet_submit(sheet=sheet, actor=judge.user)
    with pytest.raises(ValidationError, match="已提交该对象的评分"):
        conflict_declare(judge=judge, entry=opened.entry_x, actor=judge.user)
    with pytest.raises(PermissionDenied):
        conflict_declare(judge=judge, entry=opened.entry_x, actor=opened.judge_b.user)


def test_setup_is_refused_once_the_round_is_open_and_to_others(opened: Setup) -> None:
    with pytest.raises(ValidationError, match="评审已开始"):
        entry_add(
            review_round=opened.review_round,
            title="迟到",
            entrant_org=opened.world.org_b,
            actor=opened.organiser,
        )
    with pytest.raises(ValidationError, match="不能执行该操作"):
        round_open(review_round=opened.review_round, actor=opened.organiser)
    with pytest.raises(PermissionDenied):
        round_close(review_round=opened.review_round, actor=opened.world.outsider)
    assert round_close(review_round=opened.review_round, actor=opened.organiser).status == RoundStatus.CLOSED


def test_a_template_is_refused_with_the_criterion_named(setup: Setup) -> None:
    org = setup.world.city
    with pytest.raises(ValidationError, match="评分项「创新性」重复"):
        template_create(
            org=org, name="表", criteria=[CriterionInput("创新性", Decimal(10))] * 2, actor=setup.organiser
        )
    with pytest.raises(ValidationError, match="评分项「创新性」的满分须大于 0"):
        template_create(org=org, name="表", criteria=[CriterionInput("创新性")], actor=setup.organiser)
    with pytest.raises(PermissionDenied):
        template_create(
            org=org, name="表", criteria=[CriterionInput("创新性", Decimal(10))], actor=setup.world.org_admin
        )


def test_a_criterion_of_another_template_and_an_entry_of_another_round_are_refused(opened: Setup) -> None:
    other = make_round(org=opened.world.city, actor=opened.organiser)
    foreign = other.template.criteria.first()
    assert foreign is not None
    judge = opened.judge_a
    with pytest.raises(ValidationError, match="评分项不属于本轮评分表"):
        sheet_save(judge=judge, entry=opened.entry_b, scores={foreign.pk: ScoreInput("1")}, actor=judge.user)
    stray = make_entry(review_round=other, entrant_org=opened.world.org_b, actor=opened.organiser)
    with pytest.raises(ValidationError, match="参评对象不属于本轮评审"):
        conflict_declare(judge=judge, entry=stray, actor=judge.user)
    with pytest.raises(PermissionDenied):
        sheet_save(judge=judge, entry=stray, scores={}, actor=judge.user)


def test_a_round_opens_only_with_entries_and_judges(setup: Setup) -> None:
    empty = make_round(org=setup.world.city, actor=setup.organiser)
    with pytest.raises(ValidationError, match="请先添加参评对象和评委"):
        round_open(review_round=empty, actor=setup.organiser)
