"""Demo 竞赛: the two competitions of item (七) of the root union's 2020 work plan (焦教工〔2020〕8号), organised by
焦作市教科文卫体工会 with its co-organisers, made through the services as the city union's people (`shi_admin`
organises, the county and school unions' own `<code>_admin` enter their members, each member confirms as their own
user, the `*_pingwei` judges and the 市教育局's outside expert `jyj_zhuanjia` score as themselves):

- 2020年全市教育系统教学技能竞赛 (with 焦作市教育局; 岗位类别 教师; 小学语文 and 职业院校专业课, individual):
  基层初赛 → 县区复赛 → 市级决赛, the first round's entry quota allocated to six county unions and 焦作职业技术学院
  (whose teacher, the demo member 13900000001, enters the 职业院校专业课 group and wins an award). Every round is
  judged on a reviews round with the 教学技能竞赛评分表 (教学设计 30, 课堂实施 40, 教学效果 30) and made final with
  promotion; in the final one judge scores far below the others (flagged on the results page). The final's
  awards (一等奖/二等奖/三等奖/优秀奖) are published in a 公示 that ran its window and closed, award certificates
  are issued to every winner, the results 通报 is drafted as a 联合行文 公文 (焦教工 series, co-issued with
  焦作市教育局) and three winning entries' 课例/教案 are published in the results library with a small PDF each.
  All of it happens in 2020, the year it describes, under `demo_clock` (no deadline is edited on a row: each
  step runs on its day). The contest stays 进行中 with its 结束日期 60 days ahead, so the outside accounts granted
  on it today (`jyj_zhuanjia` 评委, `jyj_lianluo` 合作单位联系人) can still log in and look at it.
- 2020年全市卫生计生系统技能竞赛 (with 焦作市卫健委; 岗位类别 医生/护士; 护理 individual, 急救技能 teams of 3):
  its 基层初赛 takes entries today until 14 days ahead within the quota given to two city hospitals and four
  county unions; five entries are made, most confirmed; the demo member 13900000001 is a teacher and cannot
  enter it, so the entry waiting for its person is that of the first nurse of 焦作市人民医院 (the first row of
  `HEALTH_ENTRIES`; her phone is in the summary line): her portal shows it 待确认 in 我的竞赛 and 我的办理.

Idempotent step by step: a contest of the same title is not made again, an outside grant still live is not
granted again."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER
from gonghui.accounts.scoping import has_action
from gonghui.accounts.services import outside_account_grant
from gonghui.certificates.kinds import certificate_kinds
from gonghui.certificates.services import certificate_issue
from gonghui.members.choices import JobCategory, MemberStatus
from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter
from gonghui.notices.services import notice_close, notice_publish
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaSet
from gonghui.quotas.services import quota_allocate
from gonghui.reviews.choices import BlindMode
from gonghui.reviews.models import Judge, ScoreSheetTemplate
from gonghui.reviews.services import CriterionInput, ScoreInput, sheet_save, sheet_submit, template_create

from .choices import AwardBasis, EntryKind, LibraryKind
from .models import Contest, ContestGroup, ContestRound, Entry, LibraryItem
from .object_grants import KIND, contest_closes_at, register_object_grants
from .permissions import can_organise
from .selectors.publication import AWARD_CERTIFICATE_KIND
from .services.contests import contest_create, contest_start, group_add, round_add
from .services.entries import entry_confirm, entry_create
from .services.judging import contest_judge_add, contest_judging_open, round_finalise, round_judging_start
from .services.library import library_file_add, library_item_create, library_item_publish
from .services.publication import results_announcement_draft, results_notice_create

ROOT_CODE = "JZJKWT"
ORGANISER = "shi_admin"  # the city union's 工会管理员 organises both contests
DRAFTER = "shi_ganshi"  # the city union's 拟稿 person (documents' demo) drafts the 通报
DOCUMENTS = "documents.manage"
DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives
OUTSIDE_JUDGE, PARTNER_CONTACT = "jyj_zhuanjia", "jyj_lianluo"  # reviews' demo makes these outside accounts
OUTSIDE_UNIT = "焦作市教育局"
OPEN_DAYS = 60  # the teaching contest's 结束日期, days from today: its outside accounts can still log in

# ---- 2020年全市教育系统教学技能竞赛 --------------------------------------------------------------------------

TEACHING_TITLE = "2020年全市教育系统教学技能竞赛"
TEACHING_DESCRIPTION = (
    "根据《焦作市教科文卫体工会2020年工作要点》（焦教工〔2020〕8号），市教科文卫体工会与市教育局联合开展"
    "全市教育系统教学技能竞赛。竞赛分基层初赛、县区复赛、市级决赛三个赛段，各县区工会和市属学校工会按分配名额报名。"
)
TEMPLATE_NAME = "教学技能竞赛评分表"
CRITERIA = (
    CriterionInput(name="教学设计", max_points=Decimal(30)),
    CriterionInput(name="课堂实施", max_points=Decimal(40)),
    CriterionInput(name="教学效果", max_points=Decimal(30)),
)
PRIMARY, VOCATIONAL = "小学语文", "职业院校专业课"
# per group: (entering union's code, school union's code, 参赛课题, strength); the strength sets the panel's
# totals, per round shifted by TWEAKS so the order moves a little from round to round
TEACHING_ENTRIES: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    PRIMARY: (
        ("JFQ", "JFQ02", "《荷花》第二课时", 88),
        ("MCQ", "MCQ02", "《草船借箭》", 91),
        ("WXX", "WXX02", "《圆明园的毁灭》", 85),
        ("BAX", "BAX02", "《落花生》", 93),
        ("ZZQ", "ZZQ02", "《慈母情深》", 82),
        ("WZX", "WZX02", "《观潮》", 79),
    ),
    VOCATIONAL: (
        ("SS06", "SS06", "数控车床编程与零件加工", 92),
        ("BAX", "BAX04", "汽车发动机拆装与检测", 87),
        ("MCQ", "MCQ04", "电子商务网店视觉设计", 90),
        ("WXX", "WXX04", "中式面点制作工艺", 84),
        ("ZZQ", "ZZQ04", "PLC控制电动机正反转", 81),
        ("SS06", "SS06", "工业机器人示教编程", 86),
    ),
}
TWEAKS = {
    1: (0, 0, 0, 0, 0, 0),
    2: (2, -3, 0, 1, 2, 0),
    3: (3, -2, -1, -5, 0, 0),
}  # no two entries of a group ever tie
QUOTA_SHARES = {"JFQ": 2, "MCQ": 2, "WXX": 2, "BAX": 2, "ZZQ": 2, "WZX": 2, "SS06": 2}
AWARD_RULES = (
    {"level": "一等奖", "basis": AwardBasis.COUNT, "value": "1"},
    {"level": "二等奖", "basis": AwardBasis.COUNT, "value": "1"},
    {"level": "三等奖", "basis": AwardBasis.COUNT, "value": "1"},
    {"level": "优秀奖", "basis": AwardBasis.SHARE, "value": "1"},
)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(_at(day, hour))


# (name, deadline day, promote_count, judges as (username, group or "" for every group), the outlying judge,
# judging start day); the judges come from county unions with no entry left in the round
ROUNDS: tuple[tuple[str, dt.date, int | None, tuple[tuple[str, str], ...], str, dt.date], ...] = (
    (
        "基层初赛",
        dt.date(2020, 5, 29),
        5,
        (
            ("mzs_pingwei", PRIMARY),
            ("qys_pingwei", PRIMARY),
            ("sfq_pingwei", VOCATIONAL),
            ("syq_pingwei", VOCATIONAL),
        ),
        "",
        dt.date(2020, 6, 1),
    ),
    (
        "县区复赛",
        dt.date(2020, 6, 12),
        4,
        (
            ("shi_pingwei", PRIMARY),
            ("xwx_pingwei", PRIMARY),
            ("mzs_pingwei", VOCATIONAL),
            ("syq_pingwei", VOCATIONAL),
        ),
        "",
        dt.date(2020, 6, 15),
    ),
    (
        "市级决赛",
        dt.date(2020, 6, 24),
        None,
        (("shi_pingwei", ""), ("xwx_pingwei", ""), ("qys_pingwei", ""), (OUTSIDE_JUDGE, "")),
        "xwx_pingwei",
        dt.date(2020, 7, 6),
    ),
)
CREATED_ON = dt.date(2020, 5, 11)
ENTERED_ON = dt.date(2020, 5, 13)
CONFIRMED_ON = dt.date(2020, 5, 15)
NOTICE_ON = dt.date(2020, 7, 10)
ANNOUNCED_ON = dt.date(2020, 7, 20)
LIBRARY_ON = dt.date(2020, 7, 24)
EXPERT_GRANT_UNTIL = dt.date(2020, 12, 31)  # the expert's 2020 grant, for the judging; expired since
LIBRARY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# (group, award, kind, file name, summary)
LIBRARY = (
    (PRIMARY, "一等奖", LibraryKind.LESSON, "课例", "以读促写、品味语言，完整课堂实录及评委点评。"),
    (
        VOCATIONAL,
        "一等奖",
        LibraryKind.TEACHING_PLAN,
        "教案",
        "项目化教学设计，含任务单、评价量表和安全操作要点。",
    ),
    (VOCATIONAL, "二等奖", LibraryKind.TEACHING_PLAN, "教案", "理实一体化教学设计，含实训步骤和考核标准。"),
)

# ---- 2020年全市卫生计生系统技能竞赛 --------------------------------------------------------------------------

HEALTH_TITLE = "2020年全市卫生计生系统技能竞赛"
HEALTH_DESCRIPTION = (
    "根据《焦作市教科文卫体工会2020年工作要点》，市教科文卫体工会与市卫健委联合开展全市卫生计生系统技能竞赛，"
    "设护理（个人赛）和急救技能（团体赛，每队3人）两个组别。"
)
NURSING, FIRST_AID = "护理", "急救技能"
HEALTH_DEADLINE_DAYS, HEALTH_FINAL_DAYS, HEALTH_OPEN_DAYS = 14, 35, 75
HEALTH_QUOTA_SHARES = {"SS01": 3, "SS02": 2, "SYQ": 2, "XWX": 2, "WZX": 2, "MZS": 2}
# (group, entering union, school/hospital union, job categories of the people, title, how many confirm)
HEALTH_ENTRIES = (
    (NURSING, "SS01", "SS01", (JobCategory.NURSE,), "静脉留置针穿刺护理", 0),
    (NURSING, "SYQ", "SYQ03", (JobCategory.NURSE,), "心肺复苏术（单人）", 1),
    (NURSING, "WZX", "WZX03", (JobCategory.NURSE,), "密闭式静脉输液", 1),
    (
        FIRST_AID,
        "SS02",
        "SS02",
        (JobCategory.DOCTOR, JobCategory.NURSE, JobCategory.NURSE),
        "院前急救团队",
        2,
    ),
    (
        FIRST_AID,
        "XWX",
        "XWX03",
        (JobCategory.DOCTOR, JobCategory.DOCTOR, JobCategory.NURSE),
        "创伤急救团队",
        3,
    ),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _orgs(codes: object) -> dict[str, Org]:
    return {org.code: org for org in Org.objects.filter(code__in=list(codes))}  # type: ignore[call-overload]


def _people(
    org: Org, categories: tuple[str, ...], taken: set[int], *, first: Member | None = None
) -> list[Member]:
    """Active members of the union with a portal account, one per category asked, not yet taken; `first` leads
    when given. Deterministic (by id)."""
    people: list[Member] = []
    if first is not None:
        people.append(first)
        taken.add(first.pk)
        categories = categories[1:]
    for category in categories:
        member = (
            Member.objects.filter(
                org=org, job_category=category, status=MemberStatus.ACTIVE, user__isnull=False
            )
            .exclude(pk__in=taken)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if member is None:
            return []
        people.append(member)
        taken.add(member.pk)
    return people


def _quota_set(contest_round: ContestRound) -> QuotaSet:
    if contest_round.quota_set is None:  # round_add was given a quota total
        raise RuntimeError(f"{contest_round} has no quota set")
    return contest_round.quota_set


def _entrant_actor(org: Org, fallback: User) -> User:
    return _user(f"{org.code.lower()}_admin") or fallback


@transaction.atomic
def seed_contests() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    organiser = _user(ORGANISER) or _user("admin")
    if root is None or organiser is None:
        return "没有市级工会或管理员，跳过竞赛"
    if not Member.objects.filter(org__path__startswith=root.path).exists():
        return "没有会员，跳过竞赛"
    register_object_grants()
    teaching = Contest.objects.filter(org=root, title=TEACHING_TITLE).first() or _teaching(root, organiser)
    granted = _outside_grants(teaching, organiser)
    health = Contest.objects.filter(org=root, title=HEALTH_TITLE).first() or _health(root, organiser)
    pending = (
        Entry.objects.filter(round__contest=health, status="entered", people__confirmed_at__isnull=True)
        .values_list("people__member__phone", flat=True)
        .order_by("pk")
        .first()
    )
    certificates = certificate_count(teaching)
    return (
        f"竞赛 2 项：{TEACHING_TITLE}（3 个赛段已出结果，获奖 {awarded_count(teaching)} 项，"
        f"证书 {certificates} 张，成果 {LibraryItem.objects.filter(contest=teaching).count()} 项；"
        f"外部账号授权本次新增 {granted} 个）；{HEALTH_TITLE}（报名中，{Entry.objects.filter(round__contest=health).count()} 项报名"
        + (f"，会员 {pending} 待本人确认" if pending else "")
        + "）"
    )


def awarded_count(contest: Contest) -> int:
    return Entry.objects.filter(round__contest=contest).exclude(award="").count()


def certificate_count(contest: Contest) -> int:
    from gonghui.certificates.selectors import certificates_of_owner

    return certificates_of_owner(contest).filter(kind=AWARD_CERTIFICATE_KIND).count()


# ---- the teaching contest, in 2020 ----------------------------------------------------------------------------


def _teaching(root: Org, organiser: User) -> Contest:
    orgs = _orgs(
        {*QUOTA_SHARES, *(school for rows in TEACHING_ENTRIES.values() for _e, school, _t, _s in rows)}
    )
    closes_on = timezone.localdate() + dt.timedelta(days=OPEN_DAYS)
    with demo_clock(_at(CREATED_ON)):
        contest = contest_create(
            org=root,
            title=TEACHING_TITLE,
            year=2020,
            closes_on=closes_on,
            actor=organiser,
            co_organisers=[OUTSIDE_UNIT],
            description=TEACHING_DESCRIPTION,
            eligibility=MemberFilter(job_categories=(JobCategory.TEACHER,)),
        )
        groups = {
            name: group_add(
                contest=contest, name=name, entry_kind=EntryKind.INDIVIDUAL, team_size_max=1, actor=organiser
            )
            for name in TEACHING_ENTRIES
        }
        rounds = [
            round_add(
                contest=contest,
                name=name,
                entry_deadline=_aware(deadline, 17),
                actor=organiser,
                quota_total=sum(QUOTA_SHARES.values()) if level == 1 else None,
                promote_count=promote,
                award_rules=AWARD_RULES if promote is None else (),
            )
            for level, (name, deadline, promote, _j, _o, _d) in enumerate(ROUNDS, start=1)
        ]
        contest = contest_start(contest=contest, actor=organiser)
        quota_allocate(
            quota_set=_quota_set(rounds[0]),
            shares={orgs[code].pk: n for code, n in QUOTA_SHARES.items() if code in orgs},
            actor=organiser,
        )
        expert = _user(OUTSIDE_JUDGE)
        if expert is not None and expert.phone:  # the 市教育局's expert, granted for the 2020 judging only
            outside_account_grant(
                kind=grantable_kinds.get(KIND),
                obj=contest,
                name=expert.name,
                phone=expert.phone,
                role=JUDGE,
                expires_at=_aware(EXPERT_GRANT_UNTIL, 23),
                actor=organiser,
            )
    _teaching_entries(rounds[0], groups, orgs, organiser)
    template = ScoreSheetTemplate.objects.filter(org=root, name=TEMPLATE_NAME).first()
    if template is None:
        with demo_clock(_at(ROUNDS[0][5])):
            template = template_create(org=root, name=TEMPLATE_NAME, criteria=list(CRITERIA), actor=organiser)
    for level, contest_round in enumerate(rounds, start=1):
        _judge_round(contest_round, level, template, organiser)
    _publish_results(contest, organiser)
    _library(contest, root, organiser)
    return contest


def _teaching_entries(
    first_round: ContestRound, groups: dict[str, ContestGroup], orgs: dict[str, Org], organiser: User
) -> None:
    demo = Member.objects.filter(user__phone=DEMO_MEMBER_PHONE, job_category=JobCategory.TEACHER).first()
    taken: set[int] = set()
    entries: list[Entry] = []
    with demo_clock(_at(ENTERED_ON, 10)):
        for name, rows in TEACHING_ENTRIES.items():
            for entering, school, title, _strength in rows:
                if entering not in orgs or school not in orgs:
                    continue
                lead = (
                    demo
                    if demo is not None and demo.org_id == orgs[school].pk and demo.pk not in taken
                    else None
                )
                people = _people(orgs[school], (JobCategory.TEACHER,), taken, first=lead)
                if not people:
                    continue
                entries.append(
                    entry_create(
                        contest_round=first_round,
                        group=groups[name],
                        entrant_org=orgs[entering],
                        members=people,
                        actor=_entrant_actor(orgs[entering], organiser),
                        title=title,
                    )
                )
    with demo_clock(_at(CONFIRMED_ON, 20)):
        for entry in entries:
            for person in entry.people.select_related("member__user"):
                if person.member.user is not None:
                    entry_confirm(entry=entry, user=person.member.user)


def _strength(entry: Entry, level: int) -> int:
    """The panel's total for the entry in the round: its strength in TEACHING_ENTRIES, shifted per round."""
    rows = TEACHING_ENTRIES[entry.group.name]
    first = entry
    while first.promoted_from_id is not None:
        first = Entry.objects.select_related("group").get(pk=first.promoted_from_id)
    index = next(i for i, row in enumerate(rows) if row[2] == first.title)
    return rows[index][3] + TWEAKS[level][index]


def _points(total: int) -> tuple[int, int, int]:
    design, delivery = round(total * 0.3), round(total * 0.4)
    return design, delivery, total - design - delivery


def _judge_round(
    contest_round: ContestRound, level: int, template: ScoreSheetTemplate, organiser: User
) -> None:
    _name, _deadline, _promote, judges_of, outlier, start = ROUNDS[level - 1]
    contest_round.refresh_from_db()
    with demo_clock(_at(start)):
        review_round = round_judging_start(
            contest_round=contest_round, template=template, blind_mode=BlindMode.OPEN, actor=organiser
        )
        contest_round.refresh_from_db()
        groups = {
            group.name: group for group in ContestGroup.objects.filter(contest_id=contest_round.contest_id)
        }
        for username, group in judges_of:
            user = _user(username)
            if user is not None:
                contest_judge_add(
                    contest_round=contest_round,
                    user=user,
                    actor=organiser,
                    group=groups.get(group),
                    unit=OUTSIDE_UNIT if username == OUTSIDE_JUDGE else "",
                )
        contest_judging_open(contest_round=contest_round, actor=organiser)
    criteria = list(template.criteria.order_by("order", "pk").values_list("pk", flat=True))
    entries = list(
        Entry.objects.filter(round=contest_round, review_entry__isnull=False).select_related("group")
    )
    judges = list(Judge.objects.filter(round=review_round).select_related("user").order_by("pk"))
    with demo_clock(_at(start + dt.timedelta(days=1), 14)):
        for position, judge in enumerate(judges):
            for entry in entries:
                if judge.group and judge.group != entry.group.name:
                    continue
                total = _strength(entry, level) + (position % 3) - 1
                if judge.user.username == outlier:
                    total -= 20
                design, delivery, effect = _points(total)
                sheet = sheet_save(
                    judge=judge,
                    entry=entry.review_entry,  # type: ignore[arg-type]
                    scores={
                        criteria[0]: ScoreInput(design),
                        criteria[1]: ScoreInput(delivery),
                        criteria[2]: ScoreInput(effect),
                    },
                    actor=judge.user,
                )
                sheet_submit(sheet=sheet, actor=judge.user)
    with demo_clock(_at(start + dt.timedelta(days=3), 10)):
        round_finalise(contest_round=contest_round, actor=organiser)


def _publish_results(contest: Contest, organiser: User) -> None:
    with demo_clock(_at(NOTICE_ON)):
        notice = results_notice_create(contest=contest, actor=organiser)
        notice = notice_publish(notice=notice, actor=organiser)
    closed_on = (notice.ends_on or NOTICE_ON) + dt.timedelta(days=1)
    with demo_clock(_at(closed_on, 1)):  # the nightly job closes the window that ended yesterday
        notice_close(notice=notice)
    kind = certificate_kinds.get(AWARD_CERTIFICATE_KIND)
    with demo_clock(_at(ANNOUNCED_ON)):
        for candidate in kind.candidates(contest) if kind.candidates else []:
            certificate_issue(
                kind=AWARD_CERTIFICATE_KIND,
                issuer=contest.org,
                owner=contest,
                holder=candidate.holder,
                holder_name=candidate.holder_name,
                holder_org=candidate.holder_org,
                title=f"{contest.title}{candidate.data.get('award', '')}",
                awarded_on=ANNOUNCED_ON,
                data=candidate.data,
                actor=organiser,
            )
        drafter = _user(DRAFTER)
        if drafter is None or not (
            can_organise(drafter, contest) and has_action(drafter, DOCUMENTS, contest.org)
        ):
            drafter = organiser
        results_announcement_draft(contest=contest, actor=drafter)


def _library(contest: Contest, root: Org, organiser: User) -> None:
    final = ContestRound.objects.filter(contest=contest).order_by("-level").first()
    with demo_clock(_at(LIBRARY_ON, 15)):
        for group, award, kind, label, summary in LIBRARY:
            entry = (
                Entry.objects.filter(round=final, group__name=group, award=award)
                .prefetch_related("people__member")
                .order_by("rank", "pk")
                .first()
            )
            if entry is None:
                continue
            authors = "、".join(p.member.name for p in entry.people.all() if p.active)
            item = library_item_create(
                actor=organiser,
                org=root,
                title=f"{entry.title}（{label}）",
                kind=kind,
                contest=contest,
                entry=entry,
                authors=authors,
                summary=summary,
                tags=[group, award],
            )
            upload = SimpleUploadedFile(
                f"{entry.title}{label}.pdf", LIBRARY_PDF, content_type="application/pdf"
            )
            library_file_add(item=item, actor=organiser, upload=upload)
            library_item_publish(item=item, actor=organiser)


def _outside_grants(contest: Contest, organiser: User) -> int:
    """Today's grants on the teaching contest until its 结束日期: the expert as 评委, the 市教育局's contact as
    合作单位联系人 (both outside accounts of reviews' demo). A live grant is left as it is."""
    kind = grantable_kinds.get(KIND)
    made = 0
    for username, role in ((OUTSIDE_JUDGE, JUDGE), (PARTNER_CONTACT, PARTNER)):
        user = _user(username)
        if user is None or not user.phone:
            continue
        live = ObjectGrant.objects.filter(
            user=user,
            role=role,
            content_type=ContentType.objects.get_for_model(Contest),
            object_id=contest.pk,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
        if live:
            continue
        outside_account_grant(
            kind=kind,
            obj=contest,
            name=user.name,
            phone=user.phone,
            role=role,
            expires_at=contest_closes_at(contest),
            actor=organiser,
        )
        made += 1
    return made


# ---- the health contest, taking entries now -------------------------------------------------------------------


def _health(root: Org, organiser: User) -> Contest:
    orgs = _orgs({*HEALTH_QUOTA_SHARES, *(school for _g, _e, school, _c, _t, _n in HEALTH_ENTRIES)})
    today = timezone.localdate()
    contest = contest_create(
        org=root,
        title=HEALTH_TITLE,
        year=2020,
        closes_on=today + dt.timedelta(days=HEALTH_OPEN_DAYS),
        actor=organiser,
        co_organisers=["焦作市卫健委"],
        description=HEALTH_DESCRIPTION,
        eligibility=MemberFilter(job_categories=(JobCategory.DOCTOR, JobCategory.NURSE)),
    )
    groups = {
        NURSING: group_add(
            contest=contest, name=NURSING, entry_kind=EntryKind.INDIVIDUAL, team_size_max=1, actor=organiser
        ),
        FIRST_AID: group_add(
            contest=contest, name=FIRST_AID, entry_kind=EntryKind.TEAM, team_size_max=3, actor=organiser
        ),
    }
    first = round_add(
        contest=contest,
        name="基层初赛",
        entry_deadline=_aware(today + dt.timedelta(days=HEALTH_DEADLINE_DAYS), 17),
        actor=organiser,
        quota_total=sum(HEALTH_QUOTA_SHARES.values()),
        promote_count=2,
    )
    round_add(
        contest=contest,
        name="市级决赛",
        entry_deadline=_aware(today + dt.timedelta(days=HEALTH_FINAL_DAYS), 17),
        actor=organiser,
        award_rules=AWARD_RULES[:3],
    )
    contest = contest_start(contest=contest, actor=organiser)
    quota_allocate(
        quota_set=_quota_set(first),
        shares={orgs[code].pk: n for code, n in HEALTH_QUOTA_SHARES.items() if code in orgs},
        actor=organiser,
    )
    taken: set[int] = set()
    for group, entering, unit, categories, title, confirming in HEALTH_ENTRIES:
        if entering not in orgs or unit not in orgs:
            continue
        people = _people(orgs[unit], categories, taken)
        if not people:
            continue
        entry = entry_create(
            contest_round=first,
            group=groups[group],
            entrant_org=orgs[entering],
            members=people,
            actor=_entrant_actor(orgs[entering], organiser),
            title=title,
        )
        for member in people[:confirming]:
            if member.user is not None:
                entry_confirm(entry=entry, user=member.user)
    return contest
