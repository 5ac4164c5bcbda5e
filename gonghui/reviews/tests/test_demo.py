"""The demo seed: the open panel round at the city with the `*_pingwei` judges, scored by the judges other than the
city's (the last of them flagged as outlying, the stored tie rules applied), and the open 自评+考评 round whose
self sheets are submitted by the units' admins and assessed by `shi_pingwei` (one gap flagged, one entry left to
score); a second run changes nothing; without a city union it skips."""

import pytest

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE, SYSADMIN, UNION_ADMIN
from gonghui.core.models import TimelineEntry
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import RoundMode, RoundStatus, SheetStatus, TieRuleKind
from gonghui.reviews.demo import DEMO_TITLE, SELF_TITLE, seed_reviews
from gonghui.reviews.models import ReviewRound, ScoreSheet
from gonghui.reviews.selectors import entries_for_judge, round_results, self_assessment_rows

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_scored_panel_round_and_a_self_assessed_round_once() -> None:
    assert seed_reviews() == "没有市级工会或系统管理员，跳过评审"
    root = OrgFactory.create(code="JZJKWT", name="市教科文卫体工会", level=OrgLevel.CITY)
    units = [
        OrgFactory.create(parent=root, code=f"U0{n}", name=f"第{n}中学工会", unit_name=f"第{n}中学")
        for n in range(1, 5)
    ]
    make_cadre("admin", root, role=SYSADMIN)
    unit_admin = make_cadre("u01_admin", units[0], role=UNION_ADMIN)
    city_judge = make_cadre("shi_pingwei", root, role=JUDGE)
    scorers = [make_cadre(f"a{n}_pingwei", root, role=JUDGE) for n in range(1, 6)]

    summary = seed_reviews()
    assert (
        summary
        == "评审 2 轮（4 个参评对象、7 位评委，本次提交评分表 20 份；自评考评 3 家，本次提交自评和考评 5 份）"
    )

    panel = ReviewRound.objects.get(title=DEMO_TITLE)
    assert panel.status == RoundStatus.OPEN
    assert [r.kind for r in panel.rules.tie_rules] == [TieRuleKind.CRITERION, TieRuleKind.MEDIAN]
    results = round_results(panel)
    outlier = panel.judges.get(user=scorers[-1])
    assert all(flagged == {outlier.pk} for flagged in results.outliers.values())
    city = panel.judges.get(user=city_judge)
    assert entries_for_judge(city).count() == 4
    assert not ScoreSheet.objects.filter(judge=city, round=panel).exists()  # work left for shi_pingwei
    # the 市教育局's outside expert judges it too, through an object grant on the round, with work left
    expert = panel.judges.get(user__username="jyj_zhuanjia")
    assert expert.unit == "焦作市教育局"
    assert expert.user.object_grants.get().object_id == panel.pk
    assert entries_for_judge(expert).count() == 4
    assert not ScoreSheet.objects.filter(judge=expert).exists()

    self_round = ReviewRound.objects.get(title=SELF_TITLE)
    assert (self_round.mode, self_round.status) == (RoundMode.SELF_ASSESSED, RoundStatus.OPEN)
    self_sheets = ScoreSheet.objects.filter(round=self_round, is_self=True)
    assert self_sheets.filter(status=SheetStatus.SUBMITTED).count() == 3
    first = self_sheets.get(entry__entrant_org=units[0])
    assert TimelineEntry.objects.get(object_id=str(first.pk), action="self_submit").actor == unit_admin
    assessor = self_round.judges.get()
    assert assessor.user == city_judge
    assert ScoreSheet.objects.filter(judge=assessor).count() == 2
    flagged = [(r.entry.entrant_org, r.criterion.name) for r in self_assessment_rows(self_round) if r.flagged]
    assert flagged == [(units[0], "组织建设")]

    assert (
        seed_reviews()
        == "评审 2 轮（4 个参评对象、7 位评委，本次提交评分表 0 份；自评考评 3 家，本次提交自评和考评 0 份）"
    )
    assert ReviewRound.objects.count() == 2
