"""职工诉求与思想状况分析 (services and selectors): the figures gathered from 诉求 and survey results, groups under ten
never named, the first text, edit / redraft / issue with timeline and audit, the refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.surveys.choices import AnalysisStatus, SurveyStatus
from gonghui.surveys.models import ThoughtAnalysis
from gonghui.surveys.services.analysis import (
    analysis_draft,
    analysis_edit,
    analysis_issue,
    analysis_redraft,
    paragraphs,
)
from gonghui.surveys.tests.factories import make_questions, make_survey
from gonghui.surveys.tests.factories_analysis import make_analysis, this_year
from gonghui.surveys.tests.factories_results import answer, answered_survey, make_members

pytestmark = pytest.mark.django_db


def _appeals(member, code: str, number: int) -> None:
    for n in range(number):
        make_appeal(member, code=code, title=f"{code}诉求{n}")


def test_draft_pools_appeal_categories_under_ten_and_never_names_them(world):
    # given org A received 11 诉求 on 工资待遇, 10 on 社会保险 and 3 on 休息休假 this year
    _appeals(world.member_a, "wages", 11)
    _appeals(world.member_a, "social_insurance", 10)
    _appeals(world.member_a, "rest_leave", 3)
    # when its admin drafts the analysis of the year
    analysis = make_analysis(org=world.org_a, actor=world.org_admin)
    # then 休息休假 (3) is pooled, and since 其他 would hold only 3, the smallest kept group (社会保险, 10) joins it
    appeals = analysis.figures["appeals"]
    assert appeals["total"] == 24
    assert [(r["label"], r["count"]) for r in appeals["categories"]] == [("工资待遇", 11), ("其他", 13)]
    assert [(r["label"], r["count"]) for r in appeals["units"]] == [("甲县第一中学工会（本级）", 24)]
    assert "主要集中在工资待遇（11件，占46%）" in analysis.body
    assert "社会保险" not in analysis.body
    assert "休息休假" not in analysis.body
    assert "诉求不足10件的类别和单位合并计入“其他”" in analysis.body
    assert [b["text"] for b in paragraphs(analysis.body) if b["heading"]] == [
        "一、基本情况",
        "二、职工诉求情况",
        "三、思想状况调查结果",
        "四、存在的问题与建议",
    ]


def test_draft_with_few_appeals_gives_no_breakdown(world):
    # given 3 诉求 only
    _appeals(world.member_a, "wages", 3)
    # when drafted
    analysis = make_analysis(org=world.org_a, actor=world.org_admin)
    # then the text neither gives the number nor the category
    assert "期间共收到职工诉求不足10件" in analysis.body
    assert "本期收到职工诉求不足10件，不作分类统计。" in analysis.body
    assert "工资待遇" not in analysis.body


def test_draft_cites_the_results_of_a_closed_survey(world):
    # given 12 members of org A answered an anonymous survey (all 满意), now closed
    members = [world.member_a, *make_members(world.org_a, 11)]
    survey = answered_survey(
        org=world.org_a, actor=world.org_admin, members=members, answers=[answer(n) for n in range(12)]
    )
    # when cited
    analysis = make_analysis(org=world.org_a, actor=world.org_admin, surveys=[survey])
    # then its counts and per-question shares are kept and written up
    (cited,) = analysis.figures["surveys"]
    assert (cited["asked"], cited["answered"], cited["shown"]) == (12, 12, True)
    q1 = cited["questions"][0]
    assert [(o["option"], o["count"], o["percent"]) for o in q1["options"]] == [
        ("满意", 12, 100),
        ("基本满意", 0, 0),
        ("不满意", 0, 0),
    ]
    assert "q4" not in [q["key"] for q in cited["questions"]]  # answered by nobody (skip logic): left out
    assert (
        "《2020年教职工思想状况调查》（甲县第一中学工会，匿名）：调查对象12人，回收答卷12份，参与率100%"
        in analysis.body
    )
    assert "“您对本单位工会工作是否满意？”，选择“满意”的占100%。" in analysis.body
    assert "“您的工作压力有多大？”平均得分2.8。" in analysis.body
    assert list(analysis.surveys.all()) == [survey]


def test_a_survey_under_ten_answers_is_counted_only(world):
    # given a closed named survey with 4 answers
    survey = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=make_members(world.org_a, 4),
        answers=[answer(n) for n in range(4)],
        mode="named",
    )
    # when cited
    analysis = make_analysis(org=world.org_a, actor=world.org_admin, surveys=[survey])
    # then no result is listed and the small counts read 不足10
    (cited,) = analysis.figures["surveys"]
    assert (cited["shown"], cited["questions"]) == (False, [])
    assert "调查对象不足10人，回收答卷不足10份。答卷不足10份，不列出结果。" in analysis.body
    assert "部分问卷答卷偏少" in analysis.body


@pytest.mark.parametrize(
    ("_case", "make", "message"),
    [
        ("another union's survey", "org_b", "不是本工会或下级工会的问卷"),
        ("still collecting", "open", "尚未结束收集"),
        ("collected before the period", "old", "不在本期内收集"),
    ],
)
def test_draft_refuses_surveys_it_may_not_cite(world, _case, make, message):
    # given
    start, end = this_year()
    if make == "org_b":
        survey = make_survey(org=world.org_b, actor=world.outsider, status=SurveyStatus.CLOSED)
    elif make == "open":
        survey = make_survey(org=world.org_a, actor=world.org_admin, status=SurveyStatus.OPEN)
    else:
        long_ago = timezone.now() - dt.timedelta(days=800)
        survey = make_survey(
            org=world.org_a,
            actor=world.org_admin,
            status=SurveyStatus.CLOSED,
            opens_at=long_ago,
            closes_at=long_ago + dt.timedelta(days=7),
            closed_at=long_ago + dt.timedelta(days=7),
        )
    make_questions(survey)
    # when / then
    with pytest.raises(ValidationError) as refused:
        analysis_draft(
            org=world.org_a,
            actor=world.org_admin,
            period_start=start,
            period_end=end,
            surveys=[survey],
        )
    assert refused.value.message_dict == {"surveys": [f"问卷《{survey.title}》{message}，不能引用"]}
    assert not ThoughtAnalysis.objects.exists()


def test_draft_refuses_a_reversed_period_and_who_may_not_manage(world):
    # given
    start, end = this_year()
    auditor = make_cadre("auditor_city", world.city, role=AUDITOR)
    # when / then: a period ending before it starts
    with pytest.raises(ValidationError) as refused:
        analysis_draft(
            org=world.org_a,
            actor=world.org_admin,
            period_start=dt.date(2020, 5, 1),
            period_end=dt.date(2020, 4, 30),
        )
    assert refused.value.message_dict == {"period_end": ["截止日期不能早于起始日期"]}
    # a read-only auditor and the admin of another union may not draft for org A
    for actor in (auditor, world.outsider):
        with pytest.raises(PermissionDenied):
            analysis_draft(org=world.org_a, actor=actor, period_start=start, period_end=end)
    assert not ThoughtAnalysis.objects.exists()


def test_edit_redraft_and_issue_write_timeline_and_audit_then_freeze(world):
    # given a draft
    analysis = make_analysis(org=world.org_a, actor=world.org_admin)
    # when edited, drafted again for last month, and issued
    analysis_edit(
        analysis=analysis, actor=world.org_admin, title="2026年一季度分析", body="一、基本情况\n改写后的正文"
    )
    analysis.refresh_from_db()
    assert analysis.body == "一、基本情况\n改写后的正文"
    # the same text sent back by a browser (CRLF) is no edit: no second timeline row
    analysis_edit(
        analysis=analysis,
        actor=world.org_admin,
        title="2026年一季度分析",
        body="一、基本情况\r\n改写后的正文",
    )
    today = timezone.localdate()
    analysis = analysis_redraft(
        analysis=analysis, actor=world.org_admin, period_start=today - dt.timedelta(days=30), period_end=today
    )
    assert analysis.body.startswith("一、基本情况\n本期为")
    assert analysis.title == "2026年一季度分析"
    analysis = analysis_issue(analysis=analysis, actor=world.org_admin)
    # then
    analysis.refresh_from_db()
    assert (analysis.status, analysis.issued_by) == (AnalysisStatus.ISSUED, world.org_admin)
    assert [e.action for e in timeline_for(analysis)] == ["drafted", "edited", "redrafted", "issued"]
    assert AuditLog.objects.filter(object_id=str(analysis.pk), action=AuditAction.ADMIN_EDIT).count() == 4
    with pytest.raises(ValidationError, match="分析已印发，不能再修改"):
        analysis_edit(analysis=analysis, actor=world.org_admin, title="再改", body="再改")
    analysis.refresh_from_db()
    assert analysis.title == "2026年一季度分析"


def test_edit_refuses_an_empty_text_and_another_unions_admin(world):
    analysis = make_analysis(org=world.org_a, actor=world.org_admin)
    with pytest.raises(ValidationError) as refused:
        analysis_edit(analysis=analysis, actor=world.org_admin, title="标题", body="  ")
    assert refused.value.message_dict == {"body": ["请填写正文"]}
    with pytest.raises(PermissionDenied):
        analysis_issue(analysis=analysis, actor=world.outsider)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT
