"""About 3,000 demo members with invented, checksum-valid ID numbers, each with a portal account
(login by mobile number, the shared demo password hashed once), and realistic 实名制 values: 用工性质 drawn
from each unit's own headcounts (在编 / 非在编 / 劳务派遣 职工数 still without a member, so no unit ever has
more members of a kind than workers of that kind — a 入会率 above 100 % — and a unit without 劳务派遣 workers
has no 劳务派遣 members; a 分工会 draws on its unit's headcounts; only a unit with no headcounts at all falls
back to shares by kind of unit: hospitals about 55/35/10, schools 85/12/3, 民办 units mostly 非在编),
mostly 汉族 with some 回族, education, political status, position titles, join dates, 会员编号 (numbered in
Python for a fresh seed; the number sequences are set to match so `member_number_issue` continues them),
pinyin search fields, a few tags, and some retired-kept and left members with their 会籍变动 rows. The demo org
tree's headcounts are only the units' relative sizes: once its members are seeded, each demo unit's headcounts
are set to its serving members of each kind divided by a plausible 入会率 (事业单位 about 90–99 %, 民办 units
lower), so the dashboards show rates a union would recognise.

The other parts seed on top of them: pending online join applications, open transfers, and two card batches of
one demo union (each seeder idempotent)."""

import datetime as dt
import io
import random
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.choices import IdType
from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.identity import (
    age_on,
    decrypt_identifier,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    resident_id_check_char,
)
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.models import NumberSequence
from gonghui.core.timeline import timeline_record
from gonghui.orgs.choices import CommitteeKind, FoundingStatus, Industry, OrgLevel, OrgStatus
from gonghui.orgs.demo import AREA_CODES, demo_tree
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.services.committees import committee_create

from .choices import (
    HOLDING_STATUSES,
    OPEN_TRANSFER,
    CommitteeRole,
    Employment,
    HouseholdType,
    JoinAction,
    JoinChannel,
    JoinStatus,
    MembershipChangeKind,
    MemberStatus,
    SkillLevel,
    TransferAction,
    TransferStatus,
)
from .counting import counts_recount
from .models import (
    CardApplication,
    CardBatch,
    CommitteeSeat,
    CorrectionRequest,
    JoinApplication,
    Member,
    MembershipChange,
    MemberTag,
    Transfer,
)
from .selectors.cards import card_eligible_members_for_user
from .services.cards import (
    card_apply,
    card_apply_bulk,
    card_batch_add,
    card_batch_create,
    card_batch_import_result,
    card_batch_send,
    card_collect_many,
)
from .services.corrections import correction_request_submit
from .services.registry import identity_fields, name_search_fields
from .services.transfers import transfer_request

DEMO_MEMBER_COUNT = 3000
DEMO_TODAY = dt.date(2026, 1, 15)  # join and change dates stay before this, so the seed is reproducible
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏建华红飞宇浩凯婷雪琳晨阳欣怡子涵梓萱思远嘉怡俊杰雨泽佳琪志强海燕丹丹文博一鸣"
DEMO_TAGS = ("青年教师", "援鄂医疗队", "优秀共产党员", "文艺骨干", "志愿者")
NUMBER_SERIES = "会员编号"

# 用工性质 shares (在编, 非在编, 劳务派遣) by kind of unit, for units that record no headcounts
EMPLOYMENT_SHARES = {
    "hospital": (55, 35, 10),
    "school": (85, 12, 3),
    "culture": (78, 18, 4),
    "private": (0, 92, 8),
}
EMPLOYMENTS = (Employment.ESTABLISHED, Employment.CONTRACT, Employment.DISPATCHED)
# 入会率 ranges (lowest, highest) of a demo unit by 用工性质 (在编, 非在编, 劳务派遣): 事业单位 enrol nearly every
# 在编 worker and most contract staff; 民办 units, mostly contract staff, fewer.
JOIN_RATES = {
    "public": ((0.96, 1.0), (0.88, 0.96), (0.86, 0.94)),
    "private": ((0.90, 0.98), (0.62, 0.80), (0.55, 0.75)),
}
ETHNICITIES = (("01", 965), ("03", 28), ("11", 4), ("02", 3))  # 汉, 回, 满, 蒙古
EDUCATIONS = {
    "hospital": (("11", 2), ("14", 14), ("21", 52), ("31", 24), ("41", 8)),
    "school": (("14", 12), ("21", 66), ("31", 18), ("41", 3), ("61", 1)),
    "culture": (("14", 8), ("21", 50), ("31", 27), ("41", 10), ("61", 5)),
    "private": (("14", 3), ("21", 38), ("31", 40), ("41", 14), ("61", 5)),
}
TITLES = {
    "hospital": (
        "主任医师",
        "副主任医师",
        "主治医师",
        "住院医师",
        "主管护师",
        "护师",
        "护士",
        "药师",
        "检验技师",
        "影像技师",
        "行政管理",
        "后勤保障",
    ),
    "school": (
        "正高级教师",
        "高级教师",
        "一级教师",
        "二级教师",
        "班主任",
        "教研组长",
        "行政管理",
        "后勤保障",
    ),
    "culture": ("研究馆员", "副研究馆员", "馆员", "演员", "教练员", "助理研究员", "农艺师", "行政管理"),
}
TITLES["private"] = TITLES["school"][2:] + TITLES["hospital"][2:7]
WORKER_TITLES = {"后勤保障"}
# 岗位类别 by demo title: schools mostly 教师, hospitals 医生 / 护士, plus 管理人员 and 工勤技能人员 everywhere.
TITLE_JOB_CATEGORIES = {
    **dict.fromkeys(("正高级教师", "高级教师", "一级教师", "二级教师", "班主任", "教研组长"), "teacher"),
    **dict.fromkeys(("主任医师", "副主任医师", "主治医师", "住院医师"), "doctor"),
    **dict.fromkeys(("主管护师", "护师", "护士"), "nurse"),
    **dict.fromkeys(("研究馆员", "副研究馆员", "助理研究员"), "research"),
    **dict.fromkeys(("药师", "检验技师", "影像技师", "馆员", "农艺师"), "other_pro"),
    "演员": "arts",
    "教练员": "sports",
    "行政管理": "management",
    "后勤保障": "skilled",
}


def demo_person(index: int) -> tuple[str, str, dt.date, str]:
    """(name, gender, birth date, phone) for demo member number `index`, deterministic."""
    rng = random.Random(index)
    given = GIVEN[rng.randrange(len(GIVEN))] + (
        GIVEN[rng.randrange(len(GIVEN))] if rng.random() < 0.7 else ""
    )
    gender = "F" if rng.random() < 0.62 else "M"  # teachers and nurses: a female majority
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
    phone = f"13{rng.choice('5789')}{index:08d}"
    return SURNAMES[rng.randrange(len(SURNAMES))] + given, gender, birth, phone


def demo_id_number(index: int, area: str, birth: dt.date, gender: str) -> str:
    sequence = (index % 499) * 2 + (1 if gender == "M" else 2)
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def unit_kind(org: Org) -> str:
    if org.is_private:
        return "private"
    if org.industry == Industry.HEALTH:
        return "hospital"
    if org.industry == Industry.EDUCATION:
        return "school"
    return "culture"


def _anniversary(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # born on 29 February
        return dt.date(birth.year + years, 3, 1)


def _pick[T](rng: random.Random, weighted: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def employment_weights(kind: str, headcounts: tuple[int, int, int], taken: list[int]) -> tuple[int, ...]:
    """Weights of (在编, 非在编, 劳务派遣) for the next member of a unit: its workers of each kind not yet
    members, so the unit's mix follows its own headcounts and never exceeds them. The shares by kind of unit
    only when the unit records no headcounts, or (never in the demo) when every worker is a member already."""
    free = tuple(max(h - t, 0) for h, t in zip(headcounts, taken, strict=True))
    return free if sum(free) else EMPLOYMENT_SHARES[kind]


def demo_profile(
    index: int, *, kind: str, gender: str, birth: dt.date, weights: tuple[int, ...] | None = None
) -> dict[str, object]:
    """The 实名制 values of demo member `index` in a unit of the given kind, deterministic. `weights` of
    (在编, 非在编, 劳务派遣) default to the shares by kind of unit."""
    rng = random.Random(index * 7919 + 17)
    employment = rng.choices(EMPLOYMENTS, weights=weights or EMPLOYMENT_SHARES[kind])[0]
    earliest = max(_anniversary(birth, 22), dt.date(1990, 1, 1))
    span = max((DEMO_TODAY - dt.timedelta(days=30) - earliest).days, 1)
    joined = earliest + dt.timedelta(days=rng.randrange(span))
    if employment != Employment.ESTABLISHED and joined < dt.date(2012, 1, 1):
        joined = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    joined = min(joined, DEMO_TODAY - dt.timedelta(days=30))
    age = age_on(birth, DEMO_TODAY)
    party = rng.random()
    if party < 0.30:
        political = "01"
    elif party < 0.32:
        political = "02"
    elif party < 0.42 and age < 30:
        political = "03"
    elif party < 0.44:
        political = rng.choice(("05", "07", "10"))
    else:
        political = "13"
    title = rng.choice(TITLES[kind])
    rural = rng.random() < (0.35 if employment == Employment.DISPATCHED else 0.12)
    rng.random()  # was the 劳模 draw: the flag now follows the honours registry (kept so later draws stay the same)
    return {
        "employment": employment,
        "ethnicity": _pick(rng, ETHNICITIES),
        "education": _pick(rng, EDUCATIONS[kind]),
        "political_status": political,
        "position_title": title,
        "job_category": TITLE_JOB_CATEGORIES[title],
        "skill_level": rng.choice(SkillLevel.values) if title in WORKER_TITLES else "",
        "household_type": HouseholdType.RURAL if rural else HouseholdType.URBAN,
        "is_migrant_worker": rural and employment == Employment.DISPATCHED,
        "is_model_worker": False,
        "joined_on": joined,
        "status_changed_on": joined,
    }


def demo_status(index: int, *, gender: str, birth: dt.date, joined: dt.date) -> tuple[str, dt.date | None]:
    """(会籍状态, date of the change): a few members near retirement age keep their membership as retirees,
    a few have left."""
    rng = random.Random(index * 104729 + 3)
    retirement_age = 55 if gender == "F" else 60
    retired_on = _anniversary(birth, retirement_age)
    if retired_on <= DEMO_TODAY and retired_on > joined and rng.random() < 0.6:
        return MemberStatus.RETIRED_KEPT, retired_on
    if rng.random() < 0.015:
        left_on = joined + dt.timedelta(days=rng.randrange(max((DEMO_TODAY - joined).days, 1)))
        return MemberStatus.LEFT, left_on
    return MemberStatus.ACTIVE, None


LEAVE_REASONS = ("调离本单位", "本人申请退会", "合同期满离职")


@transaction.atomic
def seed_members() -> str:
    orgs = list(Org.objects.filter(level__in=[OrgLevel.GRASSROOTS, OrgLevel.BRANCH]).order_by("path"))
    if not orgs:
        return "没有基层工会，跳过会员"
    weights = [max(o.headcount_total, 20) for o in orgs]
    chooser = random.Random(2020)
    placement = chooser.choices(orgs, weights=weights, k=DEMO_MEMBER_COUNT)
    existing_phones = set(User.objects.filter(phone__isnull=False).values_list("phone", flat=True))
    password = make_password(DEMO_PASSWORD)
    sequences = {
        (s.issuer_id, s.year): s.last_number for s in NumberSequence.objects.filter(series=NUMBER_SERIES)
    }
    numbered = dict(sequences)
    units = _units_of(orgs)
    taken = _taken(orgs, units)
    new_users: list[User] = []
    new_members: list[Member] = []
    pending_changes: list[tuple[Member, str, dt.date, str]] = []
    pending_tags: list[tuple[Member, str]] = []
    for index, org in enumerate(placement, start=1):
        name, gender, birth, phone = demo_person(index)
        if phone in existing_phones:
            continue
        area = AREA_CODES.get(org.code[:3], "410800")
        number = demo_id_number(index, area, birth, gender)
        user = User(username=f"m{phone}", name=name, phone=phone, password=password)
        unit = units[org.pk]
        unit_type = unit_kind(org)
        profile = demo_profile(
            index,
            kind=unit_type,
            gender=gender,
            birth=birth,
            weights=employment_weights(unit_type, _headcounts(unit), taken[unit.pk]),
        )
        taken[unit.pk][EMPLOYMENTS.index(profile["employment"])] += 1  # type: ignore[arg-type]
        joined: dt.date = profile["joined_on"]  # type: ignore[assignment]
        status, changed_on = demo_status(index, gender=gender, birth=birth, joined=joined)
        key = (org.pk, joined.year)
        numbered[key] = numbered.get(key, 0) + 1
        member = Member(
            org=org,
            user=user,
            name=name,
            gender=gender,
            birth_date=birth,
            id_type=IdType.RESIDENT,
            id_number_encrypted=encrypt_identifier(number),
            id_number_hash=identifier_hash(IdType.RESIDENT, number),
            id_number_masked=mask_identifier(number),
            phone=phone,
            member_number=f"{org.code}-{joined.year}-{numbered[key]:05d}",
            status=status,
            **profile,  # type: ignore[arg-type]
            **name_search_fields(name),
        )
        if changed_on is not None:
            member.status_changed_on = changed_on
            kind = (
                MembershipChangeKind.RETIRE_KEEP
                if status == MemberStatus.RETIRED_KEPT
                else MembershipChangeKind.LEAVE
            )
            reason = "退休，保留会籍" if status == MemberStatus.RETIRED_KEPT else LEAVE_REASONS[index % 3]
            pending_changes.append((member, kind, changed_on, reason))
        tag_roll = random.Random(index * 31 + 5).random()
        if tag_roll < 0.06:
            kind_of_unit = unit_kind(org)
            tag = {"school": "青年教师", "hospital": "援鄂医疗队"}.get(kind_of_unit, "文艺骨干")
            if kind_of_unit == "school" and age_on(birth, DEMO_TODAY) >= 35:
                tag = "志愿者"
            pending_tags.append((member, tag))
        elif tag_roll < 0.09 and member.political_status == "01":
            pending_tags.append((member, "优秀共产党员"))
        new_users.append(user)
        new_members.append(member)
    User.objects.bulk_create(new_users, batch_size=1000)
    Member.objects.bulk_create(new_members, batch_size=1000)
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=m.user, role=MEMBER, org=m.org) for m in new_members],
        batch_size=1000,
        ignore_conflicts=True,
    )
    _seed_changes(new_members, pending_changes)
    with transaction.atomic():  # bulk-inserted members: their unions' 会员计数 from the rows
        counts_recount(org_ids={m.org_id for m in new_members})
    _seed_tags(pending_tags)
    _seed_sequences(sequences, numbered)
    if new_members:
        _fit_headcounts(orgs, units)
    first = Member.objects.select_related("org").order_by("id").first()
    hint = f"；会员登录示例：手机号 {first.phone}（{first.name}，{first.org.name}）" if first else ""
    return f"会员 {Member.objects.count()} 名（本次新建 {len(new_members)} 名）{hint}"


def _headcounts(org: Org) -> tuple[int, int, int]:
    return (org.headcount_established, org.headcount_contract, org.headcount_dispatched)


def _units_of(orgs: list[Org]) -> dict[int, Org]:
    """The unit whose headcounts a member of each org draws on: the org itself, or for a 分工会 without
    headcounts of its own, the union above it (a branch of the same unit)."""
    by_path = {o.path: o for o in orgs}
    units: dict[int, Org] = {}
    for org in orgs:
        unit = org
        parent = by_path.get(org.path[: -Org.steplen])
        if org.level == OrgLevel.BRANCH and not sum(_headcounts(org)) and parent is not None:
            unit = units.get(parent.pk, parent)
        units[org.pk] = unit
    return units


def _taken(orgs: list[Org], units: dict[int, Org]) -> dict[int, list[int]]:
    """Members each unit already has, by 用工性质 (a second seeding or members made before it)."""
    taken: dict[int, list[int]] = {unit.pk: [0, 0, 0] for unit in units.values()}
    rows = (
        Member.objects.filter(org__in=orgs, status__in=HOLDING_STATUSES, employment__in=EMPLOYMENTS)
        .values("org_id", "employment")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        taken[units[row["org_id"]].pk][EMPLOYMENTS.index(row["employment"])] += row["n"]
    return taken


def demo_headcounts(
    code: str, serving: tuple[int, int, int], holding: tuple[int, int, int], *, private: bool
) -> tuple[int, int, int]:
    """The headcounts (在编, 非在编, 劳务派遣) of demo unit `code` with these serving (在籍) and holding (在籍 and
    保留会籍) members of each kind: the serving ones divided by a 入会率 drawn (deterministically, per unit) from
    `JOIN_RATES`, never fewer than the holding members (no kind shows more members than workers)."""
    rng = random.Random(code)
    rates = JOIN_RATES["private" if private else "public"]
    fitted = [
        max(round(n / rng.uniform(lo, hi)), held)
        for n, held, (lo, hi) in zip(serving, holding, rates, strict=True)
    ]
    return fitted[0], fitted[1], fitted[2]


def _fit_headcounts(orgs: list[Org], units: dict[int, Org]) -> None:
    """Set each demo unit's headcounts from the members seeded in it and its 分工会."""
    demo_codes = {unit.code for _parent, unit in demo_tree()}
    serving: dict[int, list[int]] = {}
    holding: dict[int, list[int]] = {}
    rows = (
        Member.objects.filter(org__in=orgs, status__in=HOLDING_STATUSES, employment__in=EMPLOYMENTS)
        .values("org_id", "employment", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        unit_pk, kind = units[row["org_id"]].pk, EMPLOYMENTS.index(row["employment"])
        holding.setdefault(unit_pk, [0, 0, 0])[kind] += row["n"]
        if row["status"] == MemberStatus.ACTIVE:
            serving.setdefault(unit_pk, [0, 0, 0])[kind] += row["n"]
    fitted = []
    for unit in {u.pk: u for u in units.values()}.values():
        if unit.code not in demo_codes or unit.pk not in holding:
            continue
        s_e, s_c, s_d = serving.get(unit.pk, [0, 0, 0])
        h_e, h_c, h_d = holding[unit.pk]
        (
            unit.headcount_established,
            unit.headcount_contract,
            unit.headcount_dispatched,
        ) = demo_headcounts(unit.code, (s_e, s_c, s_d), (h_e, h_c, h_d), private=unit.is_private)
        fitted.append(unit)
    Org.objects.bulk_update(
        fitted, ["headcount_established", "headcount_contract", "headcount_dispatched"], batch_size=500
    )


def _seed_changes(members: list[Member], later: list[tuple[Member, str, dt.date, str]]) -> None:
    rows = [
        MembershipChange(
            member=m, kind=MembershipChangeKind.JOIN, to_org=m.org, happened_on=m.joined_on, reason=""
        )
        for m in members
        if m.joined_on is not None
    ]
    rows += [
        MembershipChange(member=m, kind=kind, from_org=m.org, happened_on=day, reason=reason)
        for m, kind, day, reason in later
    ]
    MembershipChange.objects.bulk_create(rows, batch_size=1000)


def _seed_tags(pending: list[tuple[Member, str]]) -> None:
    if not pending:
        return
    MemberTag.objects.bulk_create([MemberTag(name=n) for n in DEMO_TAGS], ignore_conflicts=True)
    tags = {t.name: t.pk for t in MemberTag.objects.filter(name__in=DEMO_TAGS)}
    through = Member.tags.through
    through.objects.bulk_create(
        [through(member_id=m.pk, membertag_id=tags[name]) for m, name in pending],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _seed_sequences(before: dict[tuple[int, int], int], after: dict[tuple[int, int], int]) -> None:
    """Set the 会员编号 counters to the numbers handed out, so `member_number_issue` continues after them."""
    changed = {key: last for key, last in after.items() if before.get(key) != last}
    existing = {
        (s.issuer_id, s.year): s
        for s in NumberSequence.objects.filter(series=NUMBER_SERIES, issuer_id__in={k[0] for k in changed})
    }
    updates, creates = [], []
    for (issuer_id, year), last in changed.items():
        sequence = existing.get((issuer_id, year))
        if sequence is None:
            creates.append(
                NumberSequence(issuer_id=issuer_id, series=NUMBER_SERIES, year=year, last_number=last)
            )
        else:
            sequence.last_number = last
            updates.append(sequence)
    NumberSequence.objects.bulk_create(creates, batch_size=1000)
    NumberSequence.objects.bulk_update(updates, ["last_number"], batch_size=1000)


# ---- online joining -------------------------------------------------------------------------------------


DEMO_APPLICANTS = (
    ("赵思雨", "F", "3", "contract"),
    ("钱浩然", "M", "4", "dispatched"),
    ("孙佳怡", "F", "5", "established"),
    ("李明轩", "M", "6", "contract"),
    ("周若彤", "F", "7", "established"),
    ("吴子墨", "M", "8", "contract"),
)


def _demo_id_number(index: int, gender: str) -> str:
    birth = dt.date(1990 + index, 3, 1 + index)
    sequence = 700 + index * 2 + (1 if gender == "M" else 2)
    first17 = f"410802{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


@transaction.atomic
def seed_join_applications() -> str:
    """A few pending online applications to grassroots unions and one to a county 周转库 (idempotent)."""
    if JoinApplication.objects.filter(channel=JoinChannel.ONLINE, phone__startswith="1660000").exists():
        return "网上入会申请已存在，跳过"
    unions = list(Org.objects.filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE).order_by("path")[:5])
    pool = Org.objects.filter(level=OrgLevel.COUNTY, status=OrgStatus.ACTIVE).order_by("path").first()
    targets = [*unions, *([pool] if pool else [])]
    created = 0
    for index, (org, (name, gender, education, employment)) in enumerate(
        zip(targets, DEMO_APPLICANTS, strict=False), start=1
    ):
        number = _demo_id_number(index, gender)
        fields = identity_fields(id_type=IdType.RESIDENT, id_number=number)
        if Member.objects.filter(id_number_hash=fields["id_number_hash"]).exists():
            continue
        application = JoinApplication.objects.create(
            org=org,
            channel=JoinChannel.ONLINE,
            name=name,
            phone=f"1660000{index:04d}",
            education=education,
            employment=employment,
            unit_name=org.unit_name,
            privacy_accepted_at=timezone.now(),
            **fields,
        )
        timeline_record(
            subject=application,
            actor=None,
            action=JoinAction.SUBMIT,
            action_label=str(JoinAction.SUBMIT.label),
            to_state=JoinStatus.SUBMITTED,
            note=_("网上入会申请，申请加入%(org)s") % {"org": org.name},
        )
        created += 1
    return f"待审批的网上入会申请 {created} 份"


# ---- transfers ------------------------------------------------------------------------------------------


def seed_transfers() -> str:
    """Open transfers between demo unions (see `seed_open_transfers`), then the demo member's own requests
    (see `seed_demo_member_requests`, silent when there is no demo member)."""
    return "；".join(part for part in (seed_open_transfers(), seed_demo_member_requests()) if part)


@transaction.atomic
def seed_open_transfers() -> str:
    """Open transfers between demo unions, one waiting for each side, and one to a union outside the platform
    (idempotent: runs once)."""
    if Transfer.objects.filter(reason__startswith="【演示】").exists():
        return "转会演示数据已存在，跳过"
    unions = list(Org.objects.filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE).order_by("path")[:8])
    if len(unions) < 4:
        return "基层工会不足，跳过转会"
    created = 0
    plans: list[tuple[Org, Org | None, str, TransferStatus]] = [
        (unions[0], unions[3], "【演示】工作调动", TransferStatus.REQUESTED),
        (unions[1], unions[4 % len(unions)], "【演示】交流轮岗", TransferStatus.OUT_APPROVED),
        (unions[2], None, "【演示】调往外地", TransferStatus.REQUESTED),
    ]
    for from_org, to_org, reason, status in plans:
        member = (
            Member.objects.filter(org=from_org, status=MemberStatus.ACTIVE)
            .exclude(transfers__status__in=OPEN_TRANSFER)
            .order_by("id")
            .first()
        )
        if member is None:
            continue
        transfer = Transfer.objects.create(
            member=member,
            from_org=from_org,
            to_org=to_org,
            to_org_outside="" if to_org is not None else "郑州市第一中学工会",
            reason=reason,
            requested_by=member.user,
            status=status,
        )
        timeline_record(
            subject=transfer,
            actor=member.user,
            action=TransferAction.REQUEST,
            action_label=str(TransferAction.REQUEST.label),
            to_state=TransferStatus.REQUESTED,
            note=reason,
        )
        if status == TransferStatus.OUT_APPROVED:
            timeline_record(
                subject=transfer,
                actor=None,
                action=TransferAction.APPROVE_OUT,
                action_label=str(TransferAction.APPROVE_OUT.label),
                from_state=TransferStatus.REQUESTED,
                to_state=TransferStatus.OUT_APPROVED,
            )
        created += 1
    return f"办理中的转会 {created} 件"


# ---- the demo member's own requests (我的办理) ----------------------------------------------------------------

DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives
DEMO_MEMBER_TRANSFER_REASON = "调入本市另一所学校任教"
DEMO_MEMBER_CORRECTION = {"position_title": "讲师"}


def demo_member() -> Member | None:
    """The member whose login the README gives (the first demo member), or None before the members are seeded."""
    return Member.objects.filter(user__phone=DEMO_MEMBER_PHONE).select_related("org", "user").first()


def _demo_member_join(member: Member) -> None:
    """The online application that made the member's record: approved, dated the day they joined."""
    application = JoinApplication.objects.create(
        org=member.org,
        channel=JoinChannel.ONLINE,
        status=JoinStatus.APPROVED,
        name=member.name,
        gender=member.gender,
        birth_date=member.birth_date,
        id_type=member.id_type,
        id_number_encrypted=member.id_number_encrypted,
        id_number_hash=member.id_number_hash,
        id_number_masked=member.id_number_masked,
        phone=member.phone,
        education=member.education,
        political_status=member.political_status,
        employment=member.employment,
        position_title=member.position_title,
        unit_name=member.org.unit_name,
        privacy_accepted_at=timezone.now(),
        reviewed_at=timezone.now(),
        member=member,
    )
    joined = timezone.make_aware(dt.datetime.combine(member.joined_on or DEMO_TODAY, dt.time(9, 0)))
    JoinApplication.objects.filter(pk=application.pk).update(
        created_at=joined, privacy_accepted_at=joined, reviewed_at=joined
    )
    timeline_record(
        subject=application,
        actor=None,
        action=JoinAction.SUBMIT,
        action_label=str(JoinAction.SUBMIT.label),
        to_state=JoinStatus.SUBMITTED,
        note=_("网上入会申请，申请加入%(org)s") % {"org": member.org.name},
    )
    timeline_record(
        subject=application,
        actor=None,
        action=JoinAction.APPROVE,
        action_label=str(JoinAction.APPROVE.label),
        from_state=JoinStatus.SUBMITTED,
        to_state=JoinStatus.APPROVED,
    )


@transaction.atomic
def seed_demo_member_requests() -> str:
    """The demo member has asked for one thing of each kind the members app lists in 我的办理: the approved
    online 入会申请 that made their record, a 会员卡 application, a 转会 waiting for their union and a 信息更正
    waiting for review (written through the services as the member; each kind only when they have none yet).
    Returns "" when there is no demo member."""
    member = demo_member()
    if member is None or member.user is None:
        return ""  # no demo members (yet): nothing to say
    actor = member.user
    made = 0
    if not JoinApplication.objects.filter(member=member).exists():
        _demo_member_join(member)
        made += 1
    if not CardApplication.objects.filter(member=member).exists() and not member.card_number:
        card_apply(member=member, actor=actor, mailing_address=member.org.address)
        made += 1
    if not CorrectionRequest.objects.filter(member=member).exists():
        correction_request_submit(
            member=member, actor=actor, changes=DEMO_MEMBER_CORRECTION, note="已评上讲师职称，请更新"
        )
        made += 1
    if not Transfer.objects.filter(member=member).exists():
        target = (
            Org.objects.filter(
                level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE, industry=Industry.EDUCATION
            )
            .exclude(pk=member.org_id)
            .order_by("path")
            .first()
        )
        if target is not None:
            transfer_request(member=member, actor=actor, to_org=target, reason=DEMO_MEMBER_TRANSFER_REASON)
            made += 1
    return f"演示会员 {member.phone} 的办理事项（入会、会员卡、转会、信息更正）本次新增 {made} 件"


# ---- member cards ---------------------------------------------------------------------------------------


DEMO_ORG_CODE = "JFQ01"
DEMO_ACTOR = "jfq01_admin"


def _demo_result_file(applications: Sequence[CardApplication]) -> bytes:
    rows = [
        [decrypt_identifier(a.member.id_number_encrypted), f"623158{a.member_id:013d}", a.member.name]
        for a in applications
    ]
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="制卡结果", headers=["证件号码", "卡号", "姓名"], rows=rows)])
    return buffer.getvalue()


def seed_cards() -> str:
    """Two card batches of one demo union: one returned by the bank (some cards collected), one sent,
    and a few applications still waiting. Running it again adds nothing."""
    org = Org.objects.filter(code=DEMO_ORG_CODE).first()
    actor = User.objects.filter(username=DEMO_ACTOR).first()
    if org is None or actor is None:
        return "没有演示工会或其管理员，跳过会员卡"
    if CardBatch.objects.filter(org=org).exists():
        return f"会员卡批次 {CardBatch.objects.filter(org=org).count()} 个（已存在，未新增）"
    with transaction.atomic():
        members = list(card_eligible_members_for_user(user=actor, within=org)[:24])
        if len(members) < 12:
            return "演示工会会员不足，跳过会员卡"
        applied = card_apply_bulk(members=members, actor=actor, mailing_address=org.address).created
        returned = card_batch_create(org=org, actor=actor)
        card_batch_add(batch=returned, applications=applied[:10], actor=actor)
        card_batch_send(batch=returned, actor=actor)
        card_batch_import_result(batch=returned, actor=actor, content=_demo_result_file(applied[:10]))
        card_collect_many(applications=CardApplication.objects.filter(batch=returned)[:6], actor=actor)
        sent = card_batch_create(org=org, actor=actor)
        card_batch_add(batch=sent, applications=applied[10:18], actor=actor)
        card_batch_send(batch=sent, actor=actor)
    return f"会员卡批次 2 个（已回盘 {returned.number}、已报送 {sent.number}），待报送申请 {len(applied) - 18} 份"


# ---- 三委: the committees of most demo unions and their seats ----------------------------------------------------

COMMITTEE_ACTOR = "admin"  # 平台管理员: manages the whole tree
# (the union committee's seats, the audit committee's, the women's committee's) for a grassroots union
SEAT_COUNTS = {CommitteeKind.UNION: 7, CommitteeKind.AUDIT: 3, CommitteeKind.WOMEN: 5}


def _demo_term(index: int) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(term start, term end, elected on, approved on) of a union: elected in 2021–2025, a five-year term."""
    year = 2021 + index % 5
    elected = dt.date(year, 6 + index % 4, 10 + index % 15)
    started = elected + dt.timedelta(days=5)
    ends = started.replace(year=started.year + 5) - dt.timedelta(days=1)
    return started, ends, elected, elected + dt.timedelta(days=12 + index % 10)


def _committee_unions() -> list[Org]:
    """The city, the counties and most grassroots unions (every seventh and the unions still being founded are
    left without committees, as in life)."""
    orgs = Org.objects.filter(
        level__in=[OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.GRASSROOTS], status=OrgStatus.ACTIVE
    ).order_by("path")
    grassroots = 0
    chosen = []
    for org in orgs:
        if org.level == OrgLevel.GRASSROOTS:
            grassroots += 1
            if grassroots % 7 == 3 or org.founding_status != FoundingStatus.COMPLETE:
                continue
        chosen.append(org)
    return chosen


def _demo_seats(
    committees: dict[CommitteeKind, Committee], members: list[Member]
) -> tuple[list[CommitteeSeat], str]:
    """Seats from the union's holding members: a 主席, a 副主席 and 委员 on the 工会委员会, a 主任 and 委员 on the
    经审会 (none of the union committee's officers), women only on the 女职工委员会; the 主席's name."""
    seats: list[CommitteeSeat] = []
    union = members[: SEAT_COUNTS[CommitteeKind.UNION]]
    audit = [m for m in members if m not in union[:2]][-SEAT_COUNTS[CommitteeKind.AUDIT] :]
    women = [m for m in members if m.gender == "F"][: SEAT_COUNTS[CommitteeKind.WOMEN]]
    for kind, chosen in (
        (CommitteeKind.UNION, union),
        (CommitteeKind.AUDIT, audit),
        (CommitteeKind.WOMEN, women),
    ):
        for i, member in enumerate(chosen):
            role = (
                CommitteeRole.CHAIR
                if i == 0
                else CommitteeRole.VICE_CHAIR
                if i == 1 and kind != CommitteeKind.AUDIT
                else CommitteeRole.MEMBER
            )
            seats.append(CommitteeSeat(committee=committees[kind], member=member, role=role))
    return seats, union[0].name if union else ""


@transaction.atomic
def seed_committees() -> str:
    """Committees (三委) of most demo unions through the orgs service (the 工会委员会's term becomes the union's
    term), each with its seats drawn from the union's own members (the city and county unions have no member
    records in the demo, so their committees carry no seats). Running it again adds nothing."""
    actor = User.objects.filter(username=COMMITTEE_ACTOR).first()
    if actor is None:
        return "没有平台管理员账号，跳过三委"
    created = 0
    seats: list[CommitteeSeat] = []
    chairs: dict[int, str] = {}
    for index, org in enumerate(_committee_unions()):
        if Committee.objects.filter(org=org, is_current=True).exists():
            continue
        started, ends, elected, approved = _demo_term(index)
        data = {
            "term_started_on": started,
            "term_ends_on": ends,
            "elected_on": elected,
            "approved_on": approved,
            "approval_reference": f"焦教工〔{approved.year}〕{10 + index % 80}号",
        }
        committees = {
            kind: committee_create(org=org, kind=kind, actor=actor, data=data) for kind in CommitteeKind
        }
        created += len(committees)
        members = list(
            Member.objects.filter(org=org, status__in=HOLDING_STATUSES).order_by("birth_date", "pk")[:40]
        )
        if members:
            org_seats, chair = _demo_seats(committees, members)
            seats.extend(org_seats)
            chairs[org.pk] = chair
    CommitteeSeat.objects.bulk_create(seats, batch_size=1000)
    for pk, name in chairs.items():  # the 工会委员会's 主席 is the union's 工会主席
        Org.objects.filter(pk=pk).update(chair_name=name)
    return f"三委 {Committee.objects.filter(is_current=True).count()} 个（本次新建 {created} 个），委员 {CommitteeSeat.objects.count()} 名"


# ---- target lists (名单) ----------------------------------------------------------------------------------------

DEMO_TARGET_LIST_ORG = "JZJKWT"  # the demo city (orgs.demo.ROOT_CODE)
DEMO_TARGET_LIST_ACTOR = "shi_admin"
DEMO_TARGET_LIST_NAME = "青年教师读书会名单"


def seed_target_lists() -> str:
    """One target list of the demo city union, made from a filter (35岁以下 教师 in its subtree), as an organiser
    would for a 青年教师读书会. Running it again adds nothing."""
    from django.core.exceptions import ValidationError

    from .choices import JobCategory
    from .models import TargetList
    from .selectors.filters import MemberFilter
    from .services.target_lists import target_list_create_from_filter

    org = Org.objects.filter(code=DEMO_TARGET_LIST_ORG).first()
    actor = User.objects.filter(username=DEMO_TARGET_LIST_ACTOR).first()
    if org is None or actor is None:
        return "没有演示市工会或其管理员，跳过名单"
    existing = TargetList.objects.filter(org=org, name=DEMO_TARGET_LIST_NAME).first()
    if existing is not None:
        return f"名单“{existing.name}”（已存在，未新增）"
    flt = MemberFilter(org=org.code, age_bands=("lt35",), job_categories=(JobCategory.TEACHER,))
    try:
        made = target_list_create_from_filter(
            org=org,
            name=DEMO_TARGET_LIST_NAME,
            reason="青年教师读书会活动通知与报名",
            member_filter=flt,
            actor=actor,
        )
    except ValidationError:
        return "演示市工会没有35岁以下的教师会员，跳过名单"
    return f"名单“{made.name}”{made.entries.count()} 人"
