"""Publication of a contest's results, proved on a city contest (run with 测试市教育局 and 测试市卫生健康委员会) whose
last round is final: the results 公示 lists exactly the awarded entries and an upheld objection withdraws an award
(timeline, certificates revoked); the award certificates go to exactly the awarded people; the results 通报 is
drafted as a 联合行文 公文 with the contest linked on both timelines."""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_cadre
from gonghui.certificates.choices import CertificateStatus
from gonghui.certificates.models import Certificate
from gonghui.certificates.pdf import certificate_pdf
from gonghui.certificates.services import certificate_issue_batch
from gonghui.contests.choices import ContestStatus, EntryAction, EntryStatus, RoundStatus
from gonghui.contests.models import Contest, ContestRound, Entry
from gonghui.contests.registrations.publication import award_candidates
from gonghui.contests.selectors.publication import (
    AWARD_CERTIFICATE_KIND,
    announcement_main_to,
    announcement_text,
    chinese_number,
    results_round,
)
from gonghui.contests.services.publication import (
    entry_award_withdraw,
    results_announcement_draft,
    results_notice_create,
)
from gonghui.core.timeline import timeline_for
from gonghui.documents.choices import DocumentAction, DocumentStatus, RecordAction
from gonghui.documents.models import Document, IssuerSettings
from gonghui.documents.output import document_pdf
from gonghui.documents.services import document_issue, document_review, document_submit
from gonghui.documents.tests.factories import colleague
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.choices import EntryKind, NoticeStatus
from gonghui.notices.choices import EntryStatus as NoticeEntryStatus
from gonghui.notices.models import Notice
from gonghui.notices.services import (
    notice_cancel,
    notice_close,
    notice_publish,
    objection_answer,
    objection_submit,
)
from gonghui.notifications.models import Notification

from .factories import (
    make_contest,
    make_contest_entry,
    make_contest_round,
    make_group,
    make_team_group,
)

pytestmark = pytest.mark.django_db

BUREAU = "测试市教育局"
COMMISSION = "测试市卫生健康委员会"
AWARD_RULES = [
    {"level": "一等奖", "basis": "count", "value": "1"},
    {"level": "二等奖", "basis": "count", "value": "1"},
    {"level": "优秀奖", "basis": "share", "value": "0.5"},
]


@dataclass
class Results:
    """A contest with two rounds, the last one final: 小学语文 (一等奖 甲会员 of org A, 二等奖 李老师 of org A, no
    award for 孙老师 of org B) and 护理团体 (一等奖 the team 王护士 · 赵护士 · 钱护士 of org B; a withdrawn team with
    an award); in the first round 吴老师 carries an award that does not count."""

    contest: Contest
    organiser: Any
    first_round: ContestRound
    final_round: ContestRound
    gold: Entry
    silver: Entry
    unawarded: Entry
    team: Entry
    withdrawn: Entry
    people: dict[str, Any]


def build_results(world, *, org=None, organiser=None, final: bool = True) -> Results:
    org = org or world.city
    organiser = organiser or make_cadre(f"organiser_{org.code.lower()}", org)
    contest = make_contest(
        org=org, actor=organiser, status=ContestStatus.RUNNING, co_organisers=[BUREAU, COMMISSION]
    )
    chinese = make_group(contest=contest, name="小学语文")
    nursing = make_team_group(contest=contest, name="护理团体")
    first = make_contest_round(contest=contest, level=1, status=RoundStatus.FINAL)
    last = make_contest_round(
        contest=contest,
        level=2,
        name="市级决赛",
        status=RoundStatus.FINAL if final else RoundStatus.JUDGING,
        award_rules=AWARD_RULES,
    )
    people = {"甲会员": world.member_a}
    for name, unit in (
        ("李老师", world.org_a),
        ("孙老师", world.org_b),
        ("吴老师", world.org_a),
        ("王护士", world.org_b),
        ("赵护士", world.org_b),
        ("钱护士", world.org_b),
        ("周护士", world.org_b),
    ):
        people[name] = MemberFactory.create(org=unit, name=name)

    def entry(round_, group, unit, names, **extra):
        return make_contest_entry(
            contest_round=round_,
            group=group,
            entrant_org=unit,
            members=[people[n] for n in names],
            actor=organiser,
            **extra,
        )

    entry(first, chinese, world.org_a, ["吴老师"], rank=1, award="一等奖")
    team = entry(last, nursing, world.org_b, ["王护士", "赵护士", "钱护士"], rank=1, award="一等奖")
    gold = entry(last, chinese, world.org_a, ["甲会员"], rank=1, award="一等奖", title="秋天的雨")
    silver = entry(last, chinese, world.org_a, ["李老师"], rank=2, award="二等奖")
    unawarded = entry(last, chinese, world.org_b, ["孙老师"], rank=3)
    withdrawn = entry(
        last, nursing, world.org_b, ["周护士"], rank=2, award="优秀奖", status=EntryStatus.WITHDRAWN
    )
    return Results(contest, organiser, first, last, gold, silver, unawarded, team, withdrawn, people)


@pytest.fixture
def results(world) -> Results:
    return build_results(world)


def _notice_entries(notice: Notice) -> list[tuple[str, str, str, str, str, Any]]:
    return [(e.name, e.unit, e.reason, e.extra, e.entry_kind, e.subject) for e in notice.entries.all()]


# --- the results 公示 --------------------------------------------------------------------------------------------


def test_results_notice_lists_each_awarded_entry_of_the_last_round(world, results):
    # when
    notice = results_notice_create(contest=results.contest, actor=results.organiser)
    # then: a draft of the contest's union, seen by its subtree, for the kind's 5 working days
    assert notice.status == NoticeStatus.DRAFT
    assert notice.kind == "contests"
    assert notice.owner == results.contest
    assert (notice.org, notice.audience) == (world.city, world.city)
    assert (notice.window_length, notice.window_unit) == (5, "workdays")
    assert notice.title == "2026年全市教育系统教学技能竞赛获奖名单公示"
    assert "测试市教科文卫体工会、测试市教育局、测试市卫生健康委员会联合举办" in notice.body
    # one entry per awarded entry, group order then rank; the team's names with its leader first
    assert _notice_entries(notice) == [
        ("甲会员", "甲县第一中学工会", "小学语文：秋天的雨", "一等奖", EntryKind.PERSON, results.gold),
        ("李老师", "甲县第一中学工会", "小学语文", "二等奖", EntryKind.PERSON, results.silver),
        ("王护士、赵护士、钱护士", "乙县人民医院工会", "护理团体", "一等奖", EntryKind.ORG, results.team),
    ]
    (step,) = [e for e in timeline_for(results.contest) if e.action == "notice_create"]
    assert step.action_label == "创建结果公示"
    assert step.note == "《2026年全市教育系统教学技能竞赛获奖名单公示》，3个公示对象"


def test_the_window_may_be_given(results):
    notice = results_notice_create(contest=results.contest, actor=results.organiser, window_length=7)
    assert notice.window_length == 7


@pytest.mark.parametrize(
    ("_case", "prepare", "message"),
    [
        ("the last round is still judged", "judging", "竞赛最后一轮尚未确定结果，不能公示"),
        ("nothing was awarded", "no_awards", "竞赛最后一轮没有获奖的参赛报名，无需公示"),
    ],
)
def test_notice_refused_without_final_awards(results, _case, prepare, message):
    # given
    if prepare == "judging":
        ContestRound.objects.filter(pk=results.final_round.pk).update(status=RoundStatus.JUDGING)
    else:
        Entry.objects.filter(round=results.final_round).update(award="")
    # when / then
    with pytest.raises(ValidationError) as caught:
        results_notice_create(contest=results.contest, actor=results.organiser)
    assert caught.value.message_dict == {"contest": [message]}
    assert Notice.objects.count() == 0


def test_a_second_notice_waits_for_the_first_to_be_cancelled(results):
    first = results_notice_create(contest=results.contest, actor=results.organiser)
    with pytest.raises(ValidationError) as caught:
        results_notice_create(contest=results.contest, actor=results.organiser)
    assert caught.value.message_dict["contest"] == [
        "本竞赛已有结果公示《2026年全市教育系统教学技能竞赛获奖名单公示》（草稿），如需重新公示请先撤销"
    ]
    assert Notice.objects.count() == 1
    # once cancelled, a new one may be made
    notice_cancel(notice=first, reason="名单有误，重新公示", actor=results.organiser)
    second = results_notice_create(contest=results.contest, actor=results.organiser)
    assert Notice.objects.count() == 2
    assert second.status == NoticeStatus.DRAFT
    cancelled = [e for e in timeline_for(results.contest) if e.action == "notice_cancel"]
    assert [(e.action_label, e.note) for e in cancelled] == [("结果公示：撤销公示", "名单有误，重新公示")]


@pytest.mark.parametrize("actor", ["org_admin", "outsider", "org_member"])
def test_only_the_organiser_makes_the_notice(world, results, actor):
    with pytest.raises(PermissionDenied):
        results_notice_create(contest=results.contest, actor=getattr(world, actor))
    assert Notice.objects.count() == 0


@pytest.fixture
def published(results) -> Notice:
    notice = results_notice_create(contest=results.contest, actor=results.organiser)
    return notice_publish(notice=notice, actor=results.organiser)


def test_publishing_puts_the_window_on_the_contest_timeline(results, published):
    (step,) = [e for e in timeline_for(results.contest) if e.action == "notice_publish"]
    assert step.action_label == "结果公示：发布公示"
    assert step.note.startswith("2026年全市教育系统教学技能竞赛获奖名单公示：公示期 ")


def test_an_upheld_objection_withdraws_the_award(
    world, results, published, django_capture_on_commit_callbacks
):
    # given: certificates issued to the awarded people, and a member's objection to the gold entry
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue_batch(
            kind=AWARD_CERTIFICATE_KIND,
            issuer=world.city,
            owner=results.contest,
            title="2026年全市教育系统教学技能竞赛",
            awarded_on=timezone.localdate(),
            actor=results.organiser,
        )
    gold_certificate = Certificate.objects.get(holder_id=world.member_a.pk)
    notice_entry = published.entries.get(subject_id=results.gold.pk)
    objection = objection_submit(
        notice=published, user=world.org_member, text="该选手的课例并非本人原创", entry=notice_entry
    )
    # when
    objection_answer(
        objection=objection, outcome="upheld", answer="经核实，异议成立", actor=results.organiser
    )
    # then: the award is gone, the entry says why, the notice entry is withdrawn, the certificate revoked
    results.gold.refresh_from_db()
    assert results.gold.award == ""
    assert results.gold.rank == 1
    award_step = list(timeline_for(results.gold))[-1]
    assert (award_step.action, award_step.note) == (EntryAction.AWARD, "公示异议成立，撤销奖项（原为一等奖）")
    assert award_step.actor == results.organiser
    notice_entry.refresh_from_db()
    assert notice_entry.status == NoticeEntryStatus.WITHDRAWN
    gold_certificate.refresh_from_db()
    assert gold_certificate.status == CertificateStatus.REVOKED
    assert gold_certificate.revoked_reason == "2026年全市教育系统教学技能竞赛结果公示异议成立，奖项已撤销"
    assert Certificate.objects.filter(status=CertificateStatus.VALID).count() == 4
    withdrawn = [e for e in timeline_for(results.contest) if e.action == "notice_entry_withdraw"]
    assert [e.note for e in withdrawn] == [f"甲会员：异议 {objection.number} 成立"]
    # the winner is out of the candidates and of the announcement
    assert world.member_a not in [c.holder for c in award_candidates(results.contest)]
    assert "甲会员" not in announcement_text(results.contest).body


def test_a_dismissed_objection_keeps_the_award(world, results, published):
    notice_entry = published.entries.get(subject_id=results.gold.pk)
    objection = objection_submit(
        notice=published, user=world.org_member, text="该选手的课例并非本人原创", entry=notice_entry
    )
    objection_answer(
        objection=objection, outcome="dismissed", answer="经核实，系本人原创", actor=results.organiser
    )
    results.gold.refresh_from_db()
    assert results.gold.award == "一等奖"
    assert [e.action for e in timeline_for(results.gold)] == []


def test_withdrawing_an_award_needs_the_organiser(world, results):
    with pytest.raises(PermissionDenied):
        entry_award_withdraw(entry=results.gold, actor=world.org_admin)
    results.gold.refresh_from_db()
    assert results.gold.award == "一等奖"


def test_closing_the_notice_records_the_result_and_tells_the_organiser(results, published):
    # when: the scheduled job runs the day after the window
    notice_close(notice=published, today=published.ends_on + dt.timedelta(days=1))
    # then
    (result,) = [e for e in timeline_for(results.contest) if e.action == "notice_result"]
    assert result.action_label == "结果公示：公示结果"
    assert result.note == "公示期满。公示对象3个，撤下0个；公示期内未收到异议"
    message = Notification.objects.get(recipient=results.organiser, category="contests")
    assert message.title == "竞赛结果公示期满"
    assert message.url == f"/contests/{results.contest.pk}/publication/"


# --- certificates ------------------------------------------------------------------------------------------------


def test_certificate_candidates_are_exactly_the_awarded_people(world, results):
    candidates = award_candidates(results.contest)
    assert [(c.holder_name, c.holder_org, c.data["group"], c.data["award"]) for c in candidates] == [
        ("甲会员", world.org_a, "小学语文", "一等奖"),
        ("李老师", world.org_a, "小学语文", "二等奖"),
        ("王护士", world.org_b, "护理团体", "一等奖"),
        ("赵护士", world.org_b, "护理团体", "一等奖"),
        ("钱护士", world.org_b, "护理团体", "一等奖"),
    ]
    assert [c.holder for c in candidates][:2] == [world.member_a, results.people["李老师"]]
    assert candidates[0].data == {
        "contest": "2026年全市教育系统教学技能竞赛",
        "group": "小学语文",
        "award": "一等奖",
        "entry_title": "秋天的雨",
        "entry_book_title": "《秋天的雨》",
    }


def test_no_candidates_before_the_last_round_is_final(world):
    results = build_results(world, final=False)
    assert results_round(results.contest) is None
    assert award_candidates(results.contest) == []


def test_batch_issue_numbers_the_certificates_and_prints_the_award(
    world, results, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_issue_batch(
            kind=AWARD_CERTIFICATE_KIND,
            issuer=world.city,
            owner=results.contest,
            title="2026年全市教育系统教学技能竞赛",
            awarded_on=timezone.localdate(),
            actor=results.organiser,
        )
    job.refresh_from_db()
    assert (job.total, job.issued) == (5, 5)
    certificate = Certificate.objects.get(holder_id=world.member_a.pk)
    assert certificate.number.startswith("竞赛证〔")
    assert certificate.holder_org == world.org_a
    text = "".join(
        "".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(certificate_pdf(certificate, base_url="http://testserver/"))).pages
    )
    assert "甲会员（甲县第一中学工会）" in text
    assert "（小学语文）中以《秋天的雨》荣获一等奖，特发此证" in text


# --- the announcement 公文 ----------------------------------------------------------------------------------------


@pytest.fixture
def issuer_settings(world):
    return IssuerSettings.objects.create(org=world.city, series="测教工", separate_duties=True)


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 12, 20, 23)] == ["一", "九", "十", "十二", "二十", "二十三"]


def test_the_announcement_draft(world, results, issuer_settings):
    # when
    document = results_announcement_draft(contest=results.contest, actor=results.organiser)
    # then: a draft of the city union, the co-organisers as joint issuers behind it
    assert document.status == DocumentStatus.DRAFT
    assert document.org == world.city
    assert document.title == "关于公布2026年全市教育系统教学技能竞赛结果的通报"
    assert document.co_issuers == [BUREAU, COMMISSION]
    assert document.issuers == ["测试市教科文卫体工会", BUREAU, COMMISSION]
    assert document.main_to == "各县区教育工会，各直属基层工会"
    assert document.series == "测教工"
    assert document.record == results.contest
    assert document.record_template == "contests.results_announcement"
    assert document.body == (
        "<p>2026年，测试市教科文卫体工会、测试市教育局、测试市卫生健康委员会联合举办了2026年全市教育系统教学技能竞赛。"
        "竞赛经基层初赛、市级决赛，共评出一等奖2名、二等奖1名。现将获奖名单通报如下：</p>"
        "<p>一、小学语文</p>"
        "<p>（一）一等奖（1名）：甲会员（甲县第一中学工会）《秋天的雨》</p>"
        "<p>（二）二等奖（1名）：李老师（甲县第一中学工会）</p>"
        "<p>二、护理团体</p>"
        "<p>（一）一等奖（1名）：王护士、赵护士、钱护士（乙县人民医院工会）</p>"
        "<p>希望获奖者珍惜荣誉、再接再厉，在本职岗位上发挥示范带动作用。各单位要以此次竞赛为契机，"
        "深入开展岗位练兵和技能竞赛活动，不断提高职工队伍素质。</p>"
    )
    # the record linked on both timelines
    (created,) = timeline_for(document)
    assert (created.action, created.note) == (
        DocumentAction.CREATE,
        "由竞赛“2026年全市教育系统教学技能竞赛”生成",
    )
    (drafted,) = [e for e in timeline_for(results.contest) if e.action == RecordAction.DOCUMENT_DRAFTED]
    assert drafted.note == "已生成公文草稿《关于公布2026年全市教育系统教学技能竞赛结果的通报》"
    assert drafted.actor == results.organiser


def test_the_announcement_names_the_closed_notice(results, published, issuer_settings):
    notice_close(notice=published, today=published.ends_on + dt.timedelta(days=1))
    body = announcement_text(results.contest).body
    start, end = published.starts_on, published.ends_on
    assert (
        f"获奖名单已于{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日进行公示，"
        "现将获奖名单通报如下：" in body
    )


def _pdf_lines(document: Document) -> list[str]:
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document_pdf(document=document))).pages
    )
    return ["".join(line.split()) for line in text.split("\n") if line.strip()]


def test_the_issued_announcement_is_a_joint_issue_with_the_lead_number(results, issuer_settings):
    # given: the draft, reviewed and signed by the city union's colleagues
    document = results_announcement_draft(contest=results.contest, actor=results.organiser)
    document_submit(document=document, actor=results.organiser)
    document_review(document=document, actor=colleague(results.contest.org, "review"))
    document = document_issue(document=document, actor=colleague(results.contest.org, "sign"))
    # when
    lines = _pdf_lines(document)
    # then: 版头 and 署名 name every organ, the lead first; one 文号, the lead's
    organs = ["测试市教科文卫体工会", BUREAU, COMMISSION]
    marks = [i for i, line in enumerate(lines) if line.removesuffix("文件") in organs]
    assert [lines[i].removesuffix("文件") for i in marks] == organs + organs
    assert "测试市教科文卫体工会文件" not in lines
    assert document.document_number.startswith("测教工〔")
    assert [line for line in lines if "〔" in line and "号" in line] == [document.document_number]
    assert "关于公布2026年全市教育系统教学技能竞赛结果的通报" in "".join(lines)
    assert "王护士、赵护士、钱护士（乙县人民医院工会）" in "".join(lines)


@pytest.mark.parametrize(
    ("_case", "prepare", "error"),
    [
        ("not the organiser", "org_admin", PermissionDenied),
        ("no final results", "judging", ValidationError),
        ("no 发文机关代字", "no_series", ValidationError),
    ],
)
def test_the_announcement_refused(world, results, issuer_settings, _case, prepare, error):
    actor = results.organiser
    if prepare == "org_admin":
        actor = world.org_admin
    elif prepare == "judging":
        ContestRound.objects.filter(pk=results.final_round.pk).update(status=RoundStatus.JUDGING)
    else:
        IssuerSettings.objects.filter(pk=issuer_settings.pk).update(series="")
    with pytest.raises(error):
        results_announcement_draft(contest=results.contest, actor=actor)
    assert Document.objects.count() == 0


def test_the_announcement_is_addressed_below_the_organiser(world):
    assert announcement_main_to(world.city) == "各县区教育工会，各直属基层工会"
    assert announcement_main_to(world.county_x) == "各基层工会"
    # a grassroots union with nothing below it keeps the usual phrase (the draft then names the problem)
    assert announcement_main_to(world.org_a) == "各县区教育工会，各直属基层工会"
