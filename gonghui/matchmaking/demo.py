"""Demo 婚恋交友 of the city union (焦作市教科文卫体工会), made through the services — each member joins, fills in
their profile, shows interest and reports for themself; rows of a past day are written under `demo_clock`, so
every timeline, notification and encrypted contact is real and every date is relative to the seeding day:

- 30 single members of many unions (15 women, 15 men, aged 24–40 by the registry birth date) joined over the last
  two months, each with a nickname, a short about, some with height and education shown, and a contact left for
  this purpose (a made-up WeChat id or a 139-0009 number, never the registry phone); a 31st withdrew nine days ago
  (hidden, her data due for erasure within 30 days).
- A dozen one-sided interests and two matches: the README pair (`README_PAIR`, 晨光 and 小雨) see each other's
  contact on 婚恋交友 → 我的心动.
- One report (资料不实) waiting for the 婚恋交友管理员 `shi_nvgong` (王丽, 市工会女职工部, the one account this
  demo adds, granted `matchmaking_moderator` on the city union).
- The city union's 线下联谊 for the single members, three weeks ahead, published by `shi_admin`, the invitation
  sent through matchmaking (the organiser sees only the count) and six of the invited signed up.

Idempotent block by block: the profiles (with their interests and the report) only when no member of the city's
tree has a profile yet; the 联谊 only when the city union has no activity for this audience; the
moderator's account and grant only when missing."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.choices import Gender
from gonghui.accounts.demo import DEMO_PASSWORD, demo_clock
from gonghui.accounts.models import RoleGrant, User
from gonghui.activities.choices import ActivityKind
from gonghui.activities.models import Activity
from gonghui.activities.services.events import (
    ActivityDetails,
    activity_audience_invite,
    activity_create,
    activity_publish,
)
from gonghui.activities.services.signup import registration_sign_up
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from .choices import Education, ProfileStatus, ReportReason, ReportStatus, Seeking
from .models import Interest, MatchProfile, Report
from .permissions import MODERATOR_ROLE
from .services.browse import interest_toggle
from .services.moderation import ReportData, report_submit
from .services.profiles import profile_edit, profile_join, profile_withdraw
from .services.stats import SINGLES_AUDIENCE

ROOT_CODE = "JZJKWT"
CITY_ADMIN = "shi_admin"
MODERATOR, MODERATOR_NAME = "shi_nvgong", "王丽（市工会女职工部）"
# other stories' personas: never opted in here
OTHER_PERSONAS = ("13900000001", "13700000017")
# The README's pair (login phones; woman, man): picked first when they qualify, so the README stays true.
README_PAIR = ("13900002434", "13500002113")  # 小雨 (博爱县第一中学), 晨光 (博爱县育才双语学校)
README_PERSONAS = (0, 1)  # their personas: WOMEN[0] 小雨 and MEN[1] 晨光
YOUNGEST, OLDEST = 24, 40
PER_GENDER = 15
SOCIAL_CAPACITY = 40
SOCIAL_SIGNUPS = 6


@dataclass(frozen=True)
class Persona:
    """What one demo member writes when joining: `industry` is the 所属行业 of the unions it fits (教育 P, 卫生 Q,
    anything else R), so a nurse's about is not shown next to a school's unit type."""

    nickname: str
    industry: str
    about: str
    contact: str
    height_cm: int | None = None
    education: str = ""
    show_unit_name: bool = False
    seeking: str = ""  # "" → the other gender


B, C, M_, D = Education.BACHELOR, Education.COLLEGE, Education.MASTER, Education.DOCTOR
WOMEN = (
    Persona(
        "小雨",
        "P",
        "在中学教语文，喜欢看书、写字，周末常去图书馆。希望认识踏实、有责任心的你。",
        "wx_xiaoyu_jz",
        163,
        B,
    ),
    Persona(
        "青禾",
        "P",
        "幼儿园老师，性格开朗爱笑。喜欢烘焙和旅行，想找一个能一起散步聊天的人。",
        "wx_qinghe88",
        160,
    ),
    Persona(
        "晨曦", "Q", "医院护士，工作忙但充实。喜欢瑜伽和做饭，休息时爱去云台山走走。", "13900090012", None, B
    ),
    Persona("知夏", "P", "高校辅导员，喜欢摄影、听音乐会，偶尔写点小文章。", "wx_zhixia_0391", 166, M_, True),
    Persona("安然", "R", "在图书馆工作，安静但不沉闷，喜欢养花和看电影。", "wx_anran_reading"),
    Persona("南风", "P", "中学英语老师，爱跑步，跑过郑州马拉松的半程。", "13900090027", 168, B),
    Persona(
        "木槿", "R", "在文化馆做群众文化工作，会弹古筝，喜欢传统文化。", "wx_mujin_guzheng", None, B, True
    ),
    Persona("若溪", "Q", "医院药剂师，细心耐心，喜欢看纪录片和做手工。", "wx_ruoxi1992", 158),
    Persona("初晴", "P", "小学数学老师，喜欢孩子，也喜欢爬山和打羽毛球。", "13900090035", 161, C),
    Persona(
        "半夏", "Q", "中医院医生，平时爱读书、练八段锦。希望对方孝顺、有上进心。", "wx_banxia_tcm", None, M_
    ),
    Persona("星河", "R", "在体育中心工作，喜欢游泳和骑行，性格爽快。", "wx_xinghe_swim", 170),
    Persona(
        "暖阳",
        "Q",
        "在社区卫生服务中心工作，爱做饭、爱追剧，向往平淡温暖的日子。",
        "13900090048",
        None,
        "",
        False,
        Seeking.ANY,
    ),
    Persona("清欢", "P", "职业学院会计专业教师，喜欢旅行和书法。", "wx_qinghuan_jz", 164, M_),
    Persona(
        "芷若", "R", "博物馆讲解员，喜欢历史和话剧，周末常去郑州看演出。", "wx_zhiruo_museum", 165, B, True
    ),
    Persona("一苇", "P", "小学音乐老师，喜欢唱歌和弹钢琴，也爱小动物。", "13900090053"),
    Persona(
        "静好", "P", "小学语文老师，带一年级，每天和孩子们在一起；喜欢手账和插花。", "wx_jinghao_jz", 159, B
    ),
    Persona("小满", "P", "初中生物老师，喜欢养多肉、逛植物园，周末偶尔去爬太行山。", "13900090116", 162),
    Persona("云舒", "P", "职业学校舞蹈老师，性格活泼，喜欢旅行和美食。", "wx_yunshu_dance", 167, C),
    Persona("苏禾", "P", "中学美术老师，爱画画、做陶艺，希望对方温和有耐心。", "wx_suhe_art", None, B),
    Persona("青柠", "Q", "医院检验科工作，喜欢烘焙和羽毛球。", "13900090122", 161, B),
    Persona("朝颜", "R", "在图书馆做少儿阅读推广，喜欢绘本和手工。", "wx_zhaoyan_books"),
)
MEN = (
    Persona("远山", "Q", "医院影像科医生，工作认真，业余爱打篮球、看历史书。", "13900090061", 180, M_),
    Persona(
        "晨光", "P", "高中物理老师，喜欢爬山、下象棋，周末常带学生做科技小制作。", "wx_chenguang_wl", 178, B
    ),
    Persona("石头", "P", "职业学院机电老师，动手能力强，会修各种小电器，喜欢钓鱼。", "wx_shitou_jd", 175),
    Persona("子衿", "R", "在文旅系统工作，爱好摄影，太行山差不多拍了个遍。", "wx_zijin_photo", None, B, True),
    Persona("阿杰", "P", "体育老师，带学校篮球队，为人实在，不抽烟。", "13900090074", 183, B),
    Persona("北辰", "P", "高校计算机教师，喜欢跑步和科幻小说。", "wx_beichen_cs", 176, D),
    Persona("行舟", "Q", "在疾控中心工作，喜欢骑行和露营。", "wx_xingzhou_ride"),
    Persona("松间", "P", "中学历史老师，爱读书，也爱下厨。", "13900090086", 172, B),
    Persona("大鹏", "Q", "医院急诊科护士，性格温和，喜欢打羽毛球。", "wx_dapeng_er", 177, C),
    Persona("明远", "R", "广播电视台技术岗，喜欢音乐，会弹吉他。", "wx_mingyuan_guitar", None, "", True),
    Persona("稻禾", "P", "农业学校老师，常下乡指导，喜欢田园生活。", "13900090093", 174, B),
    Persona("言午", "R", "在档案馆工作，安静细致，喜欢写毛笔字。", "wx_yanwu_shufa", None, M_),
    Persona(
        "向阳", "P", "小学信息技术老师，喜欢编程和打乒乓球。", "wx_xiangyang_pp", 173, "", False, Seeking.ANY
    ),
    Persona("听风", "R", "剧团演员，爱唱豫剧，也坚持健身。", "13900090105", 181),
    Persona("知行", "P", "中学数学老师，喜欢跑步和围棋，希望找一个志同道合的人。", "wx_zhixing_go", 179, M_),
    Persona("川柏", "Q", "医院骨科医生，值班多但作息规律，喜欢游泳和看球赛。", "wx_chuanbai_ortho", 182, M_),
    Persona("安之", "Q", "医院信息科工程师，喜欢摄影和自驾游。", "13900090138", 175, B),
    Persona("于归", "P", "小学体育老师，带学校田径队，喜欢户外和露营。", "wx_yugui_run", 180),
    Persona("长风", "P", "高校思政课教师，喜欢读书、写作和打太极。", "wx_changfeng_jz", 177, D),
)
WITHDRAWN = Persona("月白", "", "喜欢读书和旅行。", "wx_yuebai_2026")
MUTUAL = ((0, 1), (1, 4))  # (woman, man): the README pair 小雨 ↔ 晨光 (`README_PERSONAS`), and another
# one-sided interests (who, index, whom): W = a woman's profile, M = a man's
ONE_WAY = (
    ("M", 2, 0),
    ("M", 5, 0),
    ("W", 2, 1),
    ("W", 3, 5),
    ("M", 7, 3),
    ("W", 5, 7),
    ("M", 9, 6),
    ("W", 8, 10),
    ("M", 11, 12),
    ("W", 12, 13),
    ("M", 13, 13),
    ("W", 14, 14),
)
# the report: a man (index) reports a woman (index)
REPORTER, REPORTED = 6, 9
REPORT_DETAIL = "自我介绍里写的工作和聊天时说的对不上，前后说法不一致，还一直回避见面，怀疑资料不实，请核实。"

SOCIAL_TITLE = "全市教科文卫体系统单身青年职工联谊会"
SOCIAL_PLACE = "焦作市龙源湖公园湖畔草坪（下雨改在市职工文化活动中心二楼多功能厅）"
SOCIAL_TEXT = (
    "为服务本系统单身职工，市教科文卫体工会举办线下联谊会：破冰游戏、才艺展示、分组户外拓展和自助茶歇。"
    "报名以婚恋交友平台的单身会员为限，请着便装，凭报名回执入场。活动现场不公开任何人的个人信息。"
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


# ---- the moderator -----------------------------------------------------------------------------------------------


def _moderator(root: Org) -> User:
    """The 婚恋交友管理员 of the city union, made with the grant when missing."""
    user = User.objects.filter(username=MODERATOR).first() or User.objects.create(
        username=MODERATOR, name=MODERATOR_NAME, password=make_password(DEMO_PASSWORD)
    )
    RoleGrant.objects.get_or_create(user=user, role=MODERATOR_ROLE, org=root)
    return User.objects.get(pk=user.pk)  # fresh: no cached grants


# ---- who joins -----------------------------------------------------------------------------------------------


def _candidates(root: Org, gender: str, today: dt.date) -> list[Member]:
    """Members with a login holding membership, aged 24–40, of `gender`, one union after the other (round robin
    over the unions, the youngest of each first), the README pair's member at its place in `MUTUAL`."""
    rows = (
        Member.objects.filter(
            org__path__startswith=root.path,
            user__isnull=False,
            status__in=HOLDING_STATUSES,
            gender=gender,
            birth_date__lte=_years_before(today, YOUNGEST),
            birth_date__gt=_years_before(today, OLDEST + 1),
        )
        .exclude(user__phone__in=OTHER_PERSONAS)
        .exclude(pk__in=MatchProfile.objects.values("member_id"))
        .select_related("org", "user")
        .order_by("org__path", "-birth_date", "pk")
    )
    by_union: dict[int, list[Member]] = defaultdict(list)
    for member in rows:
        by_union[member.org_id].append(member)
    # every fifth union first, then the next fifth…: the 30 come from all over the tree, not its first counties
    unions = list(by_union.values())
    queues = [unions[i] for i in sorted(range(len(unions)), key=lambda i: (i % 5, i))]
    picked: list[Member] = []
    depth = 0
    while len(picked) < PER_GENDER + 1 and any(depth < len(q) for q in queues):
        picked += [q[depth] for q in queues if depth < len(q)]
        depth += 1
    side = 0 if gender == Gender.FEMALE else 1
    phone = README_PAIR[side]
    readme = next((m for m in rows if phone and m.user is not None and m.user.phone == phone), None)
    if readme is None:
        return picked
    picked = [m for m in picked if m != readme]
    picked.insert(MUTUAL[0][side], readme)
    return picked


def _shows_name(member: Member, nickname: str) -> bool:
    """Would `nickname` give away the member's registry name or given name (the service refuses it)?"""
    name = member.name or ""
    given = name[1:] if len(name) >= 3 else ""
    return bool((name and name in nickname) or (given and given in nickname))


def _kind(member: Member) -> str:
    return member.org.industry if member.org.industry in ("P", "Q") else "R"


def _personas(members: Sequence[Member], personas: Sequence[Persona], fixed: dict[int, int]) -> list[Persona]:
    """One persona per member: the README member's own at its place, else the first unused one of the member's
    union's 行业, else the first unused one; never one whose nickname holds the member's name."""
    used = set(fixed.values())
    chosen: list[Persona] = []
    for n, member in enumerate(members):
        if n in fixed and not _shows_name(member, personas[fixed[n]].nickname):
            chosen.append(personas[fixed[n]])
            continue
        fits = [i for i, p in enumerate(personas) if i not in used and not _shows_name(member, p.nickname)]
        pick = next((i for i in fits if personas[i].industry == _kind(member)), fits[0])
        used.add(pick)
        chosen.append(personas[pick])
    return chosen


def _join(member: Member, persona: Persona, moment: dt.datetime) -> MatchProfile:
    nickname = persona.nickname
    actor = member.user
    shows = {
        "show_age_band": True,
        "show_height": persona.height_cm is not None,
        "show_education": bool(persona.education),
        "show_unit_type": True,
        "show_unit_name": persona.show_unit_name,
    }
    with demo_clock(moment):
        profile = profile_join(
            member=member,
            actor=actor,
            data={"single": True, "pledge": True, "nickname": nickname, "contact": persona.contact, **shows},
        )
    seeking = persona.seeking or (Seeking.MEN if member.gender == Gender.FEMALE else Seeking.WOMEN)
    with demo_clock(moment + dt.timedelta(minutes=12)):
        return profile_edit(
            profile=profile,
            actor=actor,
            data={
                "nickname": nickname,
                "about": persona.about,
                "height_cm": persona.height_cm,
                "education": persona.education,
                "seeking": seeking,
                "contact": persona.contact,
                **shows,
            },
        )


def _profiles(root: Org, today: dt.date) -> tuple[list[MatchProfile], list[MatchProfile]] | None:
    """The 30 (and the withdrawn one), their interests and the report; None when there are too few members."""
    women = _candidates(root, Gender.FEMALE, today)
    men = _candidates(root, Gender.MALE, today)
    if len(women) < PER_GENDER + 1 or len(men) < PER_GENDER:
        return None
    women, men = women[: PER_GENDER + 1], men[:PER_GENDER]
    readme_w, readme_m = MUTUAL[0]
    as_women = _personas(women[:PER_GENDER], WOMEN, {readme_w: README_PERSONAS[0]})
    as_men = _personas(men, MEN, {readme_m: README_PERSONAS[1]})
    joined_w: list[MatchProfile] = []
    joined_m: list[MatchProfile] = []
    # joined over the last two months, women and men in turn, the README pair among the first
    for n in range(PER_GENDER):
        day = today - dt.timedelta(days=60 - 4 * n)
        joined_w.append(_join(women[n], as_women[n], _at(day, 12, 10 + n)))
        joined_m.append(_join(men[n], as_men[n], _at(day, 20, 5 + n)))
    gone = _join(women[PER_GENDER], WITHDRAWN, _at(today - dt.timedelta(days=40), 21))
    with demo_clock(_at(today - dt.timedelta(days=9), 22, 30)):
        profile_withdraw(profile=gone, actor=women[PER_GENDER].user)
    _interests(joined_w, joined_m, today)
    reporter, reported = joined_m[REPORTER], joined_w[REPORTED]
    reporter_user = reporter.member.user
    if reporter_user is not None:  # always: only members with a login were picked
        with demo_clock(_at(today - dt.timedelta(days=2), 21, 40)):
            report_submit(
                reporter=reporter,
                reported=reported,
                actor=reporter_user,
                data=ReportData(reason=ReportReason.FALSE_INFO, detail=REPORT_DETAIL),
            )
    return joined_w, joined_m


def _like(viewer: MatchProfile, profile: MatchProfile, moment: dt.datetime) -> None:
    with demo_clock(moment):
        interest_toggle(viewer=viewer, profile=profile, actor=viewer.member.user)


def _interests(women: Sequence[MatchProfile], men: Sequence[MatchProfile], today: dt.date) -> None:
    start = _at(today - dt.timedelta(days=14), 19)
    for n, (who, i, j) in enumerate(ONE_WAY):
        viewer, profile = (women[i], men[j]) if who == "W" else (men[i], women[j])
        _like(viewer, profile, start + dt.timedelta(hours=17 * n))
    for n, (w, m) in enumerate(MUTUAL):
        # he shows interest first; she answers two days later
        _like(men[m], women[w], _at(today - dt.timedelta(days=8 - 3 * n), 20, 15))
        _like(women[w], men[m], _at(today - dt.timedelta(days=6 - 3 * n), 21, 30))


# ---- the 线下联谊 ---------------------------------------------------------------------------------------------------


def _social(root: Org, admin: User, today: dt.date) -> bool:
    """The city union's 联谊 for the single members: published, invited through matchmaking, six signed up."""
    if Activity.objects.filter(org=root, audience_key=SINGLES_AUDIENCE).exists():
        return False
    day = today + dt.timedelta(days=20)
    made = _at(today - dt.timedelta(days=3), 9, 30)
    details = ActivityDetails(
        title=f"{day.year}年{SOCIAL_TITLE}",
        kind=ActivityKind.SOCIAL,
        place=SOCIAL_PLACE,
        starts_at=_at(day, 14, 0),
        ends_at=_at(day, 17, 30),
        description=SOCIAL_TEXT,
        audience_key=SINGLES_AUDIENCE,
        signup_required=True,
        signup_opens_at=made + dt.timedelta(hours=1),
        signup_closes_at=_at(day - dt.timedelta(days=3), 18),
        capacity=SOCIAL_CAPACITY,
        waitlist=True,
        contact="市工会女职工部 王老师 0391-3561225",
    )
    with demo_clock(made):
        activity = activity_create(org=root, details=details, actor=admin)
        activity = activity_publish(activity=activity, actor=admin)
    with demo_clock(made + dt.timedelta(hours=1, minutes=5)):
        activity_audience_invite(activity=activity, actor=admin)
    singles = list(
        MatchProfile.objects.filter(status=ProfileStatus.ACTIVE, member__org__path__startswith=root.path)
        .select_related("member__user")
        .order_by("joined_at", "pk")
    )
    first = made + dt.timedelta(hours=2)
    for n, profile in enumerate(singles[1 : 1 + 2 * SOCIAL_SIGNUPS : 2]):
        member = profile.member
        moment = first + dt.timedelta(hours=7 * n, minutes=13 * n)
        with demo_clock(moment):
            registration_sign_up(activity=activity, member=member, actor=member.user, now=timezone.now())
    return True


# ---- the seeder ----------------------------------------------------------------------------------------------


def _summary(root: Org) -> str:
    profiles = MatchProfile.objects.filter(member__org__path__startswith=root.path)
    active = profiles.filter(status=ProfileStatus.ACTIVE).count()
    withdrawn = profiles.filter(status=ProfileStatus.WITHDRAWN).count()
    sent = set(
        Interest.objects.filter(from_profile__in=profiles).values_list("from_profile_id", "to_profile_id")
    )
    mutual = sum(1 for a, b in sent if (b, a) in sent) // 2
    pending = Report.objects.filter(reported__in=profiles, status=ReportStatus.PENDING).count()
    return (
        f"展示中资料 {active} 份（待清除 {withdrawn} 份），心动 {len(sent) - 2 * mutual} 条单向、互相心动 {mutual} 对，"
        f"待处理举报 {pending} 件"
    )


@transaction.atomic
def seed_matchmaking() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    admin = User.objects.filter(username=CITY_ADMIN).first()
    if root is None or admin is None:
        return "没有市级工会，跳过婚恋交友"
    today = timezone.localdate()
    made: list[str] = []
    if not User.objects.filter(username=MODERATOR).exists():
        made.append(f"婚恋交友管理员 {MODERATOR}")
    _moderator(root)
    if not MatchProfile.objects.filter(member__org__path__startswith=root.path).exists():
        if _profiles(root, today) is None:
            return "在籍的适龄会员不足，跳过婚恋交友"
        made.append(f"单身会员资料 {2 * PER_GENDER + 1} 份、心动与举报")
    if _social(root, admin, today):
        made.append("线下联谊活动 1 项")
    return f"婚恋交友：{_summary(root)}；" + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
