"""The demo seed of 竞赛 on a small copy of the demo tree (the codes the seeder looks for, a few members each): the
teaching contest run through its three rounds in 2020 (entries confirmed by their people, every round judged and
made final with promotion, one outlying judge in the final, awards, the closed 公示, certificates, the 通报 draft
co-issued with 焦作市教育局, published library items with a file), still 进行中 with today's outside-account
grants; the health contest taking entries, one waiting for a nurse's confirmation; a second run adds nothing;
without a city union it skips."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.roles import JUDGE, PARTNER, UNION_ADMIN, UNION_STAFF
from gonghui.attachments.selectors import attachments_of
from gonghui.certificates.models import Certificate
from gonghui.contests.choices import ContestStatus, EntryStatus, RoundStatus
from gonghui.contests.demo import HEALTH_TITLE, OPEN_DAYS, TEACHING_TITLE, seed_contests
from gonghui.contests.models import Contest, ContestRound, Entry, EntryMember, LibraryItem
from gonghui.contests.selectors.publication import AWARD_CERTIFICATE_KIND, contest_notices
from gonghui.documents.models import Document, IssuerSettings
from gonghui.members.choices import JobCategory
from gonghui.notices.choices import NoticeStatus
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.models import Judge
from gonghui.reviews.selectors import round_results

pytestmark = pytest.mark.django_db


def _demo_tree() -> dict[str, Org]:
    root = OrgFactory.create(code="JZJKWT", name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    orgs = {"JZJKWT": root}
    for county, name in (
        ("JFQ", "解放区"),
        ("MCQ", "马村区"),
        ("BAX", "博爱县"),
        ("WXX", "温县"),
        ("SYQ", "山阳区"),
    ):
        orgs[county] = OrgFactory.create(
            parent=root, code=county, name=f"{name}教育工会", unit_name=f"{name}教育局", level=OrgLevel.COUNTY
        )
    for code in ("JFQ02", "MCQ02", "BAX02", "WXX02", "BAX04", "MCQ04", "SYQ03"):
        orgs[code] = OrgFactory.create(parent=orgs[code[:3]], code=code)
    for code in ("SS01", "SS02", "SS06"):
        orgs[code] = OrgFactory.create(parent=root, code=code)
    return orgs


def _member(phone: str, org: Org, category: str) -> None:
    _user, member = make_member_user(phone, org, name=f"会员{phone[-3:]}")
    member.job_category = category
    member.save(update_fields=["job_category"])


def _people(orgs: dict[str, Org]) -> None:
    root = orgs["JZJKWT"]
    make_cadre("admin", root, role=UNION_ADMIN)
    make_cadre("shi_admin", root, role=UNION_ADMIN)
    make_cadre("shi_ganshi", root, role=UNION_STAFF)
    for name in ("shi", "mzs", "qys", "sfq", "syq", "xwx"):
        make_cadre(f"{name}_pingwei", root, role=JUDGE)
    make_cadre("bax_admin", orgs["BAX"], role=UNION_ADMIN)
    User.objects.create(username="jyj_zhuanjia", name="外部评审专家", phone="13900090002")
    User.objects.create(username="jyj_lianluo", name="市教育局联络人", phone="13900090001")
    IssuerSettings.objects.create(org=root, series="焦教工", separate_duties=False)
    _member("13900000001", orgs["SS06"], JobCategory.TEACHER)  # the README's demo member, a teacher
    for n, code in enumerate(("JFQ02", "MCQ02", "BAX02", "WXX02", "BAX04", "MCQ04", "SS06"), start=10):
        _member(f"139000000{n}", orgs[code], JobCategory.TEACHER)
    for n, (code, category) in enumerate(
        (
            ("SS01", JobCategory.NURSE),
            ("SYQ03", JobCategory.NURSE),
            ("SS02", JobCategory.DOCTOR),
            ("SS02", JobCategory.NURSE),
            ("SS02", JobCategory.NURSE),
        ),
        start=50,
    ):
        _member(f"137000000{n}", orgs[code], category)


def _counts() -> dict[str, int]:
    return {
        "contests": Contest.objects.count(),
        "entries": Entry.objects.count(),
        "people": EntryMember.objects.count(),
        "judges": Judge.objects.count(),
        "certificates": Certificate.objects.count(),
        "documents": Document.objects.count(),
        "library": LibraryItem.objects.count(),
        "grants": ObjectGrant.objects.count(),
    }


def test_without_a_city_union_the_demo_skips() -> None:
    assert seed_contests() == "没有市级工会或管理员，跳过竞赛"
    assert not Contest.objects.exists()


def test_the_demo_seeds_both_contests_once() -> None:
    orgs = _demo_tree()
    _people(orgs)

    summary = seed_contests()

    assert summary.startswith(f"竞赛 2 项：{TEACHING_TITLE}（3 个赛段已出结果")
    assert "会员 13700000050 待本人确认" in summary
    # the teaching contest: run in 2020, still open for its outside accounts
    teaching = Contest.objects.get(title=TEACHING_TITLE)
    assert teaching.status == ContestStatus.RUNNING
    assert teaching.co_organisers == ["焦作市教育局"]
    assert teaching.closes_on == timezone.localdate() + dt.timedelta(days=OPEN_DAYS)
    assert timezone.localtime(teaching.created_at).year == 2020
    rounds = list(ContestRound.objects.filter(contest=teaching).order_by("level"))
    assert [(r.name, r.status) for r in rounds] == [
        ("基层初赛", RoundStatus.FINAL),
        ("县区复赛", RoundStatus.FINAL),
        ("市级决赛", RoundStatus.FINAL),
    ]
    assert all(r.entry_deadline < timezone.now() for r in rounds)
    assert rounds[0].quota_set is not None
    first = Entry.objects.filter(round=rounds[0])
    assert first.count() == 8
    assert set(first.values_list("status", flat=True)) == {EntryStatus.CONFIRMED}
    assert Entry.objects.filter(round=rounds[1], promoted_from__isnull=False).count() == 8
    final = Entry.objects.filter(round=rounds[2])
    assert final.count() == 8
    awards = sorted(final.values_list("group__name", "award"))
    assert awards == sorted(
        [("小学语文", level) for level in ("一等奖", "二等奖", "三等奖", "优秀奖")]
        + [("职业院校专业课", level) for level in ("一等奖", "二等奖", "三等奖", "优秀奖")]
    )
    demo_entry = final.get(people__member__phone="13900000001")
    assert demo_entry.award
    # the final's outlying judge is flagged on every entry they scored
    review_round = rounds[2].review_round
    assert review_round is not None
    outlier = Judge.objects.get(round=review_round, user__username="xwx_pingwei")
    results = round_results(review_round)
    assert len(results.outliers) == 8
    assert all(flagged == {outlier.pk} for flagged in results.outliers.values())
    assert Judge.objects.get(round=review_round, user__username="jyj_zhuanjia").unit == "焦作市教育局"
    # the 公示 ran its window and closed; certificates for every winner; the 通报 draft is a 联合行文
    notice = contest_notices(teaching).get()
    assert notice.status == NoticeStatus.CLOSED
    assert notice.entries.count() == 8
    certificates = Certificate.objects.filter(kind=AWARD_CERTIFICATE_KIND)
    assert certificates.count() == 8
    assert {c.year for c in certificates} == {2020}
    draft = Document.objects.get(
        record_type=ContentType.objects.get_for_model(Contest), record_id=str(teaching.pk)
    )
    assert draft.document_number == ""
    assert draft.series == "焦教工"
    assert list(draft.co_issuers) == ["焦作市教育局"]
    assert timezone.localtime(draft.created_at).year == 2020
    assert draft.drafted_by is not None
    assert draft.drafted_by.username == "shi_ganshi"
    # the library: published items with a file, linked to winning entries
    items = list(LibraryItem.objects.filter(contest=teaching).select_related("entry"))
    assert len(items) == 3
    for item in items:
        assert item.published_at is not None
        assert item.entry is not None
        assert item.entry.award
        assert [a.original_name.endswith(".pdf") for a in attachments_of(item)] == [True]
    # outside accounts: the expert's 2020 grant for the judging, and today's grants until the 结束日期
    live = ObjectGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=teaching.pk,
        expires_at__gt=timezone.now(),
    )
    assert sorted(live.values_list("user__username", "role")) == [
        ("jyj_lianluo", PARTNER),
        ("jyj_zhuanjia", JUDGE),
    ]

    # the health contest: taking entries, one waiting for its nurse
    health = Contest.objects.get(title=HEALTH_TITLE)
    assert health.status == ContestStatus.RUNNING
    assert health.co_organisers == ["焦作市卫健委"]
    health_round = ContestRound.objects.get(contest=health, level=1)
    assert health_round.status == RoundStatus.ENTERING
    assert health_round.entry_deadline > timezone.now() + dt.timedelta(days=13)
    entries = Entry.objects.filter(round=health_round)
    assert sorted(entries.values_list("group__name", "status")) == [
        ("急救技能", EntryStatus.ENTERED),
        ("护理", EntryStatus.CONFIRMED),
        ("护理", EntryStatus.ENTERED),
    ]
    waiting = EntryMember.objects.get(entry__group__name="护理", confirmed_at__isnull=True)
    assert waiting.member.phone == "13700000050"
    assert waiting.entry.status == EntryStatus.ENTERED

    # a second run adds nothing
    before = _counts()
    again = seed_contests()
    assert _counts() == before
    assert "外部账号授权本次新增 0 个" in again
