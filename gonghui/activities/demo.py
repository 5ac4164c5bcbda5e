"""Demo 活动与志愿服务 of the city union (焦作市教科文卫体工会), made through the services by the demo cadres
(`shi_admin` of the city union, `ss01_admin`, `ss06_admin`, `jfq01_admin` of grassroots unions, `jfq_admin` of
解放区) and, for their own sign-ups and 证明, the members themselves — rows of a past day written under `demo_clock`,
so every timeline is real and every date is relative to the seeding day:

- 抗击疫情一线优秀医护人员事迹报告会 of the city union (报告会, six days ago): 24 places taken by sign-up, three more
  waiting (候补), the attendance taken at the door by 会员编号 (three late, three no-shows) and the short report; an
  upcoming 迎新年健步走 of the city union open for sign-up to every member (the README member 13900000001 among
  them, not yet signed up); and the 教职工羽毛球比赛 of 焦作职业技术学院工会, next week, for which the README member
  has signed up (his receipt).
- 送教下乡 (`demo_volunteers.py`): the city union's 送教 team with the README member, a project at a 脱贫村 school of
  修武县, two rounds of service days (travel apart), the first round's 公示 closed (hours counted) and the second
  still in 公示; his 证明 issued; the 送医 team of 焦作市人民医院 with the README nurse 13700000017.
- 工间操: the city union's 第九套广播体操 (no video yet: the page says so), adopted by 焦作职业技术学院 (counts
  confirmed by the unit on each day of the last two weeks) and 解放区第一中学 (members checked in on its Tuesdays and Fridays).
- Teams sent to provincial events: 焦作职业技术学院's team at 河南省教科文卫体系统职工乒乓球赛 with the README member,
  approved by the city; 焦作市人民医院's team of last season with its result; 解放区's team 待市总审核.

Idempotent block by block: each block runs only when its first row (the activity, team, routine or delegation, by
its name and union) does not exist yet."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from .choices import ActivityKind, DelegationRole, DelegationStatus, RegistrationStatus
from .demo_volunteers import seed_volunteer_demo, volunteer_summary
from .models import (
    Activity,
    Attendance,
    Delegation,
    ExerciseAdoption,
    ExerciseRoutine,
    ExerciseSession,
    Registration,
)
from .services.attendance import activity_report_save, attendance_typed
from .services.events import ActivityDetails, activity_create, activity_publish
from .services.exercise import adoption_runs_on, adoption_save, routine_save, session_confirm, session_for_day
from .services.signup import registration_sign_up
from .services.teams import (
    DelegationInput,
    delegation_approve,
    delegation_create,
    delegation_member_add,
    delegation_result_record,
    delegation_submit,
)

ROOT_CODE = "JZJKWT"
CITY_ADMIN = "shi_admin"
DEMO_MEMBER_PHONE = "13900000001"  # the README's member (焦作职业技术学院)
DEMO_NURSE_PHONE = "13700000017"  # the README's nurse (焦作市人民医院)

REPORT_TITLE = "抗击疫情一线优秀医护人员事迹报告会"
REPORT_CAPACITY = 24
REPORT_WAITLISTED = 3
REPORT_LATE = 3
REPORT_NO_SHOWS = 3
# Who signs up for the report meeting: (union code, how many of its members), in order of sign-up.
REPORT_AUDIENCE = (
    ("SS01", 6),
    ("SS02", 4),
    ("SS03", 3),
    ("SS06", 4),
    ("JFQ03", 4),
    ("SS05", 3),
    ("JFQ01", 3),
)
REPORT_TEXT = (
    "报告会在焦作市人民会堂举行，市人民医院、市中医院等单位的五位援鄂医疗队员和抗疫一线医护人员讲述了逆行出征、"
    "坚守病房、守护生命的亲身经历。全场多次响起热烈掌声，参会职工纷纷表示要学习先进事迹，立足岗位作贡献。"
)
WALK_TITLE = "2026年全市教职工迎新年健步走活动"
WALK_SIGNUPS = (("SS05", 3), ("JFQ02", 3), ("SS07", 2))
BADMINTON_TITLE = "焦作职业技术学院教职工羽毛球比赛"
WOMEN_TITLE = "女职工健康知识讲座：两癌筛查与乳腺健康"
BADMINTON_SIGNUPS = 9  # colleagues of the README member who signed up too

ROUTINE_NAME = "第九套广播体操"
ROUTINE_TEXT = "国家体育总局推广的第九套广播体操，共八节，约5分钟；各单位可在上午或下午课间、工间组织。"
CONFIRMING_UNIT, CONFIRMING_ADMIN = "SS06", "ss06_admin"  # confirms a count each day
CHECKIN_UNIT, CHECKIN_ADMIN = "JFQ01", "jfq01_admin"  # checks members in each day
EXERCISE_DAYS = 14

TT_EVENT = "2026年河南省教科文卫体系统职工乒乓球赛"
TT_TEAM = "焦作职业技术学院乒乓球队"
OLD_EVENT = "河南省卫生健康系统职工气排球比赛"
OLD_TEAM = "焦作市人民医院气排球队"
OLD_RESULT = "获团体第三名，体育道德风尚奖"
COUNTY_EVENT = "2026年河南省教职工合唱比赛"
COUNTY_TEAM = "解放区教师合唱团"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _member(phone: str) -> Member | None:
    return Member.objects.filter(user__phone=phone).select_related("org", "user").first()


def _org(code: str) -> Org | None:
    return Org.objects.filter(code=code).first()


def _members(code: str, count: int, taken: set[int]) -> list[Member]:
    """The first `count` active members with a login of the union `code` (and below) not yet taken."""
    org = _org(code)
    if org is None:
        return []
    rows = list(
        Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE, user__isnull=False)
        .exclude(pk__in=taken)
        .exclude(user__phone__in=(DEMO_MEMBER_PHONE, DEMO_NURSE_PHONE))
        .select_related("org", "user")
        .order_by("member_number", "pk")[:count]
    )
    taken.update(m.pk for m in rows)
    return rows


def _sign_up(activity: Activity, people: Sequence[Member], first: dt.datetime, step: dt.timedelta) -> None:
    for n, member in enumerate(people):
        with demo_clock(first + step * n):
            registration_sign_up(activity=activity, member=member, actor=member.user, now=timezone.now())


# ---- 活动、报名、签到 ------------------------------------------------------------------------------------------


def _report_meeting(root: Org, admin: User, today: dt.date, nurse: Member | None) -> bool:
    if Activity.objects.filter(org=root, title=REPORT_TITLE).exists():
        return False
    day = today - dt.timedelta(days=6)
    opens = _at(today - dt.timedelta(days=16), 9)
    details = ActivityDetails(
        title=REPORT_TITLE,
        kind=ActivityKind.REPORT,
        place="焦作市人民会堂（人民路与塔南路交叉口）",
        starts_at=_at(day, 14, 30),
        ends_at=_at(day, 16, 30),
        description=(
            "邀请援鄂医疗队员和抗疫一线优秀医护人员代表讲述抗疫故事，弘扬伟大抗疫精神。"
            "请参会职工提前30分钟到场，凭会员码签到。"
        ),
        signup_opens_at=opens,
        signup_closes_at=_at(day - dt.timedelta(days=1), 18),
        capacity=REPORT_CAPACITY,
        waitlist=True,
        late_after_minutes=15,
        contact="市工会宣教部 张老师 0391-3561208",
    )
    with demo_clock(opens - dt.timedelta(days=1, hours=-1)):
        activity = activity_create(org=root, details=details, actor=admin)
        activity = activity_publish(activity=activity, actor=admin)
    taken: set[int] = set()
    people = [m for code, n in REPORT_AUDIENCE for m in _members(code, n, taken)]
    if nurse is not None:
        people.insert(1, nurse)
    wanted = REPORT_CAPACITY + REPORT_WAITLISTED
    _sign_up(activity, people[:wanted], opens + dt.timedelta(minutes=20), dt.timedelta(hours=5, minutes=7))
    confirmed = list(
        Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    attending = confirmed[: len(confirmed) - REPORT_NO_SHOWS]
    on_time = len(attending) - REPORT_LATE
    with demo_clock(_at(day, 13, 50)):
        for n, registration in enumerate(attending):
            moment = (
                _at(day, 13, 55) + dt.timedelta(minutes=n)
                if n < on_time
                else _at(day, 14, 50) + dt.timedelta(minutes=9 * (n - on_time))
            )
            attendance_typed(activity=activity, member=registration.member, actor=admin, now=moment)
    with demo_clock(_at(day, 17, 40)):
        activity_report_save(activity=activity, text=REPORT_TEXT, actor=admin)
    return True


def _walk(root: Org, admin: User, today: dt.date) -> bool:
    if Activity.objects.filter(org=root, title=WALK_TITLE).exists():
        return False
    day = today + dt.timedelta(days=12)
    opens = _at(today - dt.timedelta(days=3), 9)
    details = ActivityDetails(
        title=WALK_TITLE,
        kind=ActivityKind.SPORTS,
        place="焦作市龙源湖公园南门广场",
        starts_at=_at(day, 8, 30),
        ends_at=_at(day, 11, 30),
        description="全程约6公里，沿龙源湖环湖步道行进。请着运动服装，自带饮用水；完成全程的职工领取纪念品一份。",
        signup_opens_at=opens,
        signup_closes_at=_at(day - dt.timedelta(days=2), 18),
        capacity=300,
        contact="市工会文体部 李老师 0391-3561216",
    )
    with demo_clock(opens - dt.timedelta(hours=1)):
        activity = activity_create(org=root, details=details, actor=admin)
        activity = activity_publish(activity=activity, actor=admin)
    taken: set[int] = set()
    people = [m for code, n in WALK_SIGNUPS for m in _members(code, n, taken)]
    _sign_up(activity, people, opens + dt.timedelta(minutes=30), dt.timedelta(hours=6))
    return True


def _women_lecture(root: Org, admin: User, today: dt.date) -> bool:
    """A women-only lecture of the city union (the audience filter 性别 女), listed on the 女职工工作 page."""
    if Activity.objects.filter(org=root, title=WOMEN_TITLE).exists():
        return False
    day = today + dt.timedelta(days=9)
    opens = _at(today - dt.timedelta(days=2), 9)
    details = ActivityDetails(
        title=WOMEN_TITLE,
        kind=ActivityKind.LECTURE,
        place="焦作市妇幼保健院学术报告厅",
        starts_at=_at(day, 14, 30),
        ends_at=_at(day, 16, 30),
        description="市妇幼保健院乳腺科专家讲解两癌筛查的意义、流程和日常自查方法，现场答疑。只讲知识，不收集个人检查结果。",
        member_filter={"gender": "F"},
        signup_opens_at=opens,
        signup_closes_at=_at(day - dt.timedelta(days=1), 18),
        capacity=200,
        contact="市工会女职工部 0391-3561218",
    )
    with demo_clock(opens - dt.timedelta(hours=1)):
        activity = activity_create(org=root, details=details, actor=admin)
        activity_publish(activity=activity, actor=admin)
    return True


def _badminton(today: dt.date, member: Member | None) -> bool:
    unit, admin = _org("SS06"), _user("ss06_admin")
    if unit is None or admin is None or Activity.objects.filter(org=unit, title=BADMINTON_TITLE).exists():
        return False
    day = today + dt.timedelta(days=5)
    opens = _at(today - dt.timedelta(days=5), 8)
    details = ActivityDetails(
        title=BADMINTON_TITLE,
        kind=ActivityKind.SPORTS,
        place="焦作职业技术学院体育馆",
        starts_at=_at(day, 15, 0),
        ends_at=_at(day, 18, 0),
        description="男子单打、女子单打和混合双打三个项目，每人限报一项。球拍自备，比赛用球由校工会提供。",
        signup_opens_at=opens,
        signup_closes_at=_at(day - dt.timedelta(days=1), 12),
        capacity=32,
        cancel_cutoff=_at(day - dt.timedelta(days=1), 12),
        contact="校工会 王老师 0391-3987011",
    )
    with demo_clock(opens - dt.timedelta(hours=1)):
        activity = activity_create(org=unit, details=details, actor=admin)
        activity = activity_publish(activity=activity, actor=admin)
    people = _members("SS06", BADMINTON_SIGNUPS, set())
    if member is not None:
        people.insert(2, member)
    _sign_up(activity, people, opens + dt.timedelta(minutes=15), dt.timedelta(hours=4))
    return True


# ---- 工间操 ---------------------------------------------------------------------------------------------------


def _exercise(root: Org, admin: User, today: dt.date) -> bool:
    if ExerciseRoutine.objects.filter(org=root, name=ROUTINE_NAME).exists():
        return False
    confirming, confirmer = _org(CONFIRMING_UNIT), _user(CONFIRMING_ADMIN)
    checking, scanner = _org(CHECKIN_UNIT), _user(CHECKIN_ADMIN)
    if confirming is None or confirmer is None or checking is None or scanner is None:
        return False
    start = today - dt.timedelta(days=40)
    with demo_clock(_at(start - dt.timedelta(days=5), 10)):
        routine = routine_save(
            actor=admin, org=root, name=ROUTINE_NAME, description=ROUTINE_TEXT, minutes=10, active=True
        )
    with demo_clock(_at(start - dt.timedelta(days=2), 9)):
        confirmed = adoption_save(
            actor=confirmer,
            routine=routine,
            org=confirming,
            weekdays="12345",
            time_of_day=dt.time(10, 0),
            place="学校田径场",
            started_on=start,
        )
        checked = adoption_save(
            actor=scanner,
            routine=routine,
            org=checking,
            weekdays="25",
            time_of_day=dt.time(15, 30),
            place="教学楼前广场",
            started_on=start,
        )
    people = list(
        Member.objects.filter(org__path__startswith=checking.path, status=MemberStatus.ACTIVE)
        .select_related("org")
        .order_by("member_number", "pk")
    )
    days = [today - dt.timedelta(days=n) for n in range(EXERCISE_DAYS, 0, -1)]
    for n, day in enumerate(days):
        if adoption_runs_on(confirmed, day):
            with demo_clock(_at(day, 10, 20)):
                session_confirm(actor=confirmer, adoption=confirmed, day=day, count=78 + (n * 7) % 23)
        if adoption_runs_on(checked, day):
            _checkins(checked, scanner, day, people, n)
    return True


def _checkins(adoption: ExerciseAdoption, scanner: User, day: dt.date, people: list[Member], n: int) -> None:
    from gonghui.checkins.services import checkin_manual

    with demo_clock(_at(day, 15, 20)):
        session: ExerciseSession = session_for_day(actor=scanner, adoption=adoption, day=day)
        # about three in four come, a different few staying away each day
        present = [m for i, m in enumerate(people) if (i + n) % 4 != 0]
        for i, member in enumerate(present):
            moment = _at(day, 15, 22) + dt.timedelta(seconds=20 * i)
            checkin_manual(target=session, member=member, actor=scanner, now=moment)


# ---- 组队参赛 ------------------------------------------------------------------------------------------------


def _team(
    *,
    org: Org,
    actor: User,
    data: DelegationInput,
    roster: Sequence[tuple[Member, str, str]],
    made_on: dt.date,
) -> Delegation:
    with demo_clock(_at(made_on, 9, 30)):
        delegation = delegation_create(org=org, actor=actor, data=data)
        for member, role, item in roster:
            delegation_member_add(
                delegation=delegation,
                actor=actor,
                who=member.member_number or member.name,
                role=role,
                item=item,
            )
    return delegation


def _event(name: str, item: str, place: str, starts: dt.date, days: int, size: int) -> DelegationInput:
    return DelegationInput(
        name="",
        event_name=name,
        event_organiser="河南省教科文卫体工会",
        event_item=item,
        event_place=place,
        event_starts_on=starts,
        event_ends_on=starts + dt.timedelta(days=days - 1),
        entry_deadline=starts - dt.timedelta(days=10),
        max_size=size,
        coach_name="",
    )


def _roster(
    code: str, member: Member | None, roles: Sequence[tuple[str, str]]
) -> list[tuple[Member, str, str]]:
    """The roster in `roles` order; the README member (when given) plays as the first 队员."""
    people = _members(code, len(roles), set())
    if member is not None:
        first_player = next(i for i, (role, _item) in enumerate(roles) if role == DelegationRole.PLAYER)
        people.insert(first_player, member)
    return [(m, role, item) for m, (role, item) in zip(people, roles, strict=False)]


def _teams(root: Org, admin: User, today: dt.date, member: Member | None) -> bool:
    if Delegation.objects.filter(org__path__startswith=root.path, name=TT_TEAM).exists():
        return False
    ss06, ss06_admin = _org("SS06"), _user("ss06_admin")
    ss01, ss01_admin = _org("SS01"), _user("ss01_admin")
    jfq, jfq_admin = _org("JFQ"), _user("jfq_admin")
    if (
        ss06 is None
        or ss06_admin is None
        or ss01 is None
        or ss01_admin is None
        or jfq is None
        or jfq_admin is None
    ):
        return False
    player = (DelegationRole.PLAYER, "男子团体")
    # this season's table tennis: formed ten days ago, approved by the city
    tt = _event(TT_EVENT, "乒乓球（团体、单打）", "郑州市河南省体育中心", today + dt.timedelta(days=20), 3, 8)
    tt_roles = [(DelegationRole.LEADER, ""), (DelegationRole.COACH, ""), player, player, player]
    team = _team(
        org=ss06,
        actor=ss06_admin,
        data=DelegationInput(**{**tt.__dict__, "name": TT_TEAM}),
        roster=_roster("SS06", member, tt_roles),
        made_on=today - dt.timedelta(days=10),
    )
    with demo_clock(_at(today - dt.timedelta(days=8), 16)):
        delegation_submit(delegation=team, actor=ss06_admin)
    with demo_clock(_at(today - dt.timedelta(days=6), 10)):
        delegation_approve(delegation=team, actor=admin, note="同意报名，请按时报到，注意安全。")
    # last season's volleyball of 焦作市人民医院: approved, played, its result recorded
    old_start = today - dt.timedelta(days=95)
    old = _event(OLD_EVENT, "气排球（女子组）", "洛阳市体育中心", old_start, 2, 10)
    ball = (DelegationRole.PLAYER, "气排球")
    old_roles = [(DelegationRole.LEADER, ""), (DelegationRole.CAPTAIN, "气排球"), ball, ball, ball, ball]
    old_team = _team(
        org=ss01,
        actor=ss01_admin,
        data=DelegationInput(**{**old.__dict__, "name": OLD_TEAM, "coach_name": "赵立新"}),
        roster=_roster("SS01", None, old_roles),
        made_on=old_start - dt.timedelta(days=30),
    )
    with demo_clock(_at(old_start - dt.timedelta(days=27), 11)):
        delegation_submit(delegation=old_team, actor=ss01_admin)
    with demo_clock(_at(old_start - dt.timedelta(days=25), 15)):
        delegation_approve(delegation=old_team, actor=admin)
    with demo_clock(_at(old_start + dt.timedelta(days=4), 10)):
        entries = list(old_team.roster.order_by("pk"))
        results = {entries[1].pk: "优秀运动员"} if len(entries) > 1 else {}
        delegation_result_record(
            delegation=old_team, actor=ss01_admin, result=OLD_RESULT, member_results=results
        )
    # 解放区's choir, waiting for the city
    choir = _event(COUNTY_EVENT, "合唱", "郑州大学音乐厅", today + dt.timedelta(days=35), 1, 40)
    voice = (DelegationRole.PLAYER, "合唱")
    choir_roles = [(DelegationRole.LEADER, ""), (DelegationRole.COACH, "指挥")] + [voice] * 10
    county = _team(
        org=jfq,
        actor=jfq_admin,
        data=DelegationInput(**{**choir.__dict__, "name": COUNTY_TEAM}),
        roster=_roster("JFQ", None, choir_roles),
        made_on=today - dt.timedelta(days=4),
    )
    with demo_clock(_at(today - dt.timedelta(days=1), 17)):
        delegation_submit(delegation=county, actor=jfq_admin)
    return True


# ---- the seeder ------------------------------------------------------------------------------------------------


def _summary(root: Org) -> str:
    tree = root.path
    activities = Activity.objects.filter(org__path__startswith=tree)
    registrations = Registration.objects.filter(activity__org__path__startswith=tree)
    attendances = Attendance.objects.filter(activity__org__path__startswith=tree).count()
    delegations = Delegation.objects.filter(org__path__startswith=tree)
    adoptions = ExerciseAdoption.objects.filter(routine__org__path__startswith=tree).count()
    return (
        f"活动 {activities.count()} 项（报名 {registrations.count()} 人次，签到 {attendances} 人次），"
        f"工间操推广单位 {adoptions} 个，参赛队 {delegations.count()} 支"
        f"（待市总审核 {delegations.filter(status=DelegationStatus.SUBMITTED).count()} 支），"
        f"{volunteer_summary(root)}"
    )


@transaction.atomic
def seed_activities() -> str:
    root = _org(ROOT_CODE)
    admin = _user(CITY_ADMIN)
    if root is None or admin is None:
        return "没有市级工会，跳过活动与志愿服务"
    if not Member.objects.filter(org__path__startswith=root.path).exists():
        return "没有会员，跳过活动与志愿服务"
    today = timezone.localdate()
    member, nurse = _member(DEMO_MEMBER_PHONE), _member(DEMO_NURSE_PHONE)
    made: list[str] = []
    if _report_meeting(root, admin, today, nurse):
        made.append(REPORT_TITLE)
    if _walk(root, admin, today):
        made.append(WALK_TITLE)
    if _badminton(today, member):
        made.append(BADMINTON_TITLE)
    if _women_lecture(root, admin, today):
        made.append(WOMEN_TITLE)
    made += seed_volunteer_demo(root, admin, today, member, nurse)
    if _exercise(root, admin, today):
        made.append(f"工间操“{ROUTINE_NAME}”")
    if _teams(root, admin, today, member):
        made.append("参赛队 3 支")
    return f"活动与志愿服务：{_summary(root)}；" + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
