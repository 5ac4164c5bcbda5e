"""The round as xlsx: the raw sheets (one row per judge × entry × criterion, judges named, in a 盲评 round the
entrants by title only) and the results (rank, final score, trimmed and plain mean, per group, outlying judges
named; in a 自评+考评 round the self-vs-assessor sheet)."""

from typing import Any

import pytest

from gonghui.core.excel import read_rows, sheet_names
from gonghui.reviews.choices import BlindMode
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ReviewRound
from gonghui.reviews.services import (
    ScoreInput,
    judge_add,
    round_open,
    self_sheet_save,
    self_sheet_submit,
    sheet_save,
    sheet_submit,
)
from gonghui.reviews.spreadsheets import round_results_workbook, round_sheets_workbook

from .conftest import SelfSetup, Setup
from .test_self_assessment import assess, own_scores

pytestmark = pytest.mark.django_db


def score(judge: Judge, entry: ReviewEntry, a: str, b: str, comment: str = "评语") -> None:
    c = {x.name: x.pk for x in Criterion.objects.filter(template_id=judge.round.template_id)}
    sheet = sheet_save(
        judge=judge,
        entry=entry,
        scores={
            c["创新性"]: ScoreInput(a),
            c["实效性"]: ScoreInput(b, comment),
            c["存在违纪违法"]: ScoreInput("0"),
        },
        actor=judge.user,
    )
    sheet_submit(sheet=sheet, actor=judge.user)


def table(data: bytes, sheet: str | int, notes: int) -> tuple[list[Any], list[list[Any]]]:
    rows = read_rows(data, sheet=sheet)[notes:]
    return rows[0], rows[1:]


@pytest.fixture
def scored(setup: Setup) -> tuple[Setup, Judge]:
    judge_c = judge_add(review_round=setup.review_round, user=setup.world.org_member, actor=setup.organiser)
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup.judge_a, setup.entry_x, "35", "50", "效果显著")
    score(setup.judge_b, setup.entry_x, "30", "50")
    score(judge_c, setup.entry_x, "10", "50")
    score(setup.judge_a, setup.entry_b, "40", "60")
    return setup, judge_c


def test_the_raw_sheets_name_the_judges_with_points_and_comments(scored: tuple[Setup, Judge]) -> None:
    setup, judge_c = scored
    header, rows = table(round_sheets_workbook(setup.review_round), "评分明细", 1)
    assert header[:3] == ["参评对象", "申报工会", "申报单位"]
    assert len(rows) == 4 * 3  # four sheets × three criteria
    row = next(
        r
        for r in rows
        if r[4] == str(setup.judge_a.user) and r[0] == setup.entry_x.title and r[6] == "实效性"
    )
    assert row[1:3] == [setup.world.county_x.name, "甲县教育局"]
    assert row[7:11] == [60.0, 50.0, "效果显著", "已提交"]
    veto = next(r for r in rows if r[4] == str(judge_c.user) and r[6] == "存在违纪违法")
    assert veto[7:9] == ["否决项", "不否决"]


def test_a_blind_rounds_exports_name_the_entrants_by_title_only(scored: tuple[Setup, Judge]) -> None:
    setup, _judge_c = scored
    ReviewRound.objects.filter(pk=setup.review_round.pk).update(blind_mode=BlindMode.BLIND)
    setup.review_round.refresh_from_db()
    for data in (round_sheets_workbook(setup.review_round), round_results_workbook(setup.review_round)):
        cells = [str(c) for name in sheet_names(data) for row in read_rows(data, sheet=name) for c in row]
        assert setup.entry_x.title in cells
        assert "甲县教育局" not in cells
        assert setup.world.org_b.name not in cells
        assert str(setup.judge_a.user) in cells  # judges stay named


def test_the_results_carry_rank_scores_and_the_outlying_judge(scored: tuple[Setup, Judge]) -> None:
    setup, judge_c = scored
    data = round_results_workbook(setup.review_round)
    assert sheet_names(data) == ["评审结果", "评委总分"]
    notes = read_rows(data, sheet="评审结果")[:3]
    assert "满分的 15%" in notes[2][0]
    header, rows = table(data, "评审结果", 3)
    assert header == [
        "名次",
        "参评对象",
        "申报工会",
        "申报单位",
        "最终得分",
        "去掉最高最低分后平均分",
        "平均分",
        "评委人数",
        "离群评委",
    ]
    assert rows[0][:2] == [1, setup.entry_b.title]
    assert rows[0][4:9] == [100.0, 100.0, 100.0, 1, ""]
    assert rows[1][0] == 2
    assert rows[1][4:9] == [75.0, 75.0, 75.0, 3, str(judge_c.user)]
    _header, totals = table(data, "评委总分", 0)
    flagged = [r for r in totals if r[-1] == "是"]
    assert [(r[4], r[6]) for r in flagged] == [(str(judge_c.user), 60.0)]


def test_a_self_assessed_rounds_results_hold_the_gaps(self_setup: SelfSetup) -> None:
    s = self_setup
    sheet = self_sheet_save(entry=s.entry_a, actor=s.world.org_admin, scores=own_scores(s, "38", "50"))
    self_sheet_submit(sheet=sheet, actor=s.world.org_admin)
    assess(s, s.entry_a.pk, "20", "48")
    data = round_results_workbook(s.review_round)
    assert sheet_names(data) == ["评审结果", "评委总分", "自评与考评差异"]
    header, rows = table(data, "自评与考评差异", 0)
    assert header[3:] == [
        "评分项",
        "满分",
        "自评得分",
        "自评说明",
        "考评平均分",
        "考评人数",
        "差异",
        "允许差异",
        "差异过大",
    ]
    innovation = next(r for r in rows if r[0] == s.entry_a.title and r[3] == "创新性")
    assert innovation[4:] == [40.0, 38.0, "获市级创新奖", 20.0, 1, 18.0, 6.0, "是"]
    _header, raw = table(round_sheets_workbook(s.review_round), "评分明细", 1)
    assert {r[4] for r in raw} == {"自评", str(s.assessor.user)}
