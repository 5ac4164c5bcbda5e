"""Demo 诉求: cases in every state across several grassroots unions — some overdue, some anonymous, some
escalated to the county union, some in restricted categories, one (answered, waiting for a rating) of the demo
member whose login the README gives — made through the services by the platform
administrator, then moved back in time so the deadlines, auto-close and statistics have something to show.
Each case is submitted on its back-dated day (under `demo_clock`), so its number is of that day's year. The
transferred case goes from a teacher's school to another school of the same county union (never across counties).
Idempotent: a second run adds nothing. Creates no users and no grants."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.calendars.workdays import is_workday
from gonghui.members.demo import demo_member
from gonghui.members.models import Member
from gonghui.orgs.choices import Industry, OrgLevel
from gonghui.orgs.models import Org

from .choices import Rating
from .jobs import appeals_auto_close_job, appeals_overdue_job
from .models import Appeal, AppealCategory
from .services import (
    AppealInput,
    appeal_accept,
    appeal_escalate,
    appeal_rate,
    appeal_reject,
    appeal_reopen,
    appeal_reply,
    appeal_request_materials,
    appeal_start,
    appeal_submit,
    appeal_transfer,
    category_defaults_ensure,
)
from .sla import handling_workdays, sla_due_dates

# (title, category code, anonymous, working days ago, steps)
DEMO_CASES: tuple[tuple[str, str, bool, int, tuple[str, ...]], ...] = (
    ("学校拖欠代课教师三个月课时费", "wages", False, 1, ()),
    ("合同到期后学校不续签也不说明理由", "labour_contract", False, 4, ()),  # overdue for acceptance
    ("寒暑假值班没有调休也没有加班费", "rest_leave", True, 1, ()),
    ("医院未给劳务派遣护士缴纳住房公积金", "social_insurance", False, 3, ("accept",)),
    ("实验室通风设备损坏长期未修", "safety", False, 5, ("accept", "start")),
    ("职称评审结果未公示即上报", "personnel", False, 20, ("accept", "start")),  # overdue for the reply
    ("孕期被调整到夜班岗位", "women", True, 6, ("accept", "start")),
    ("长期加班导致焦虑失眠，希望得到心理疏导", "counselling", True, 4, ("accept",)),
    ("绩效工资分配方案未经教代会讨论", "wages", False, 8, ("accept", "start", "materials")),
    ("工伤认定材料单位拒绝盖章", "social_insurance", False, 10, ("accept", "materials")),
    ("食堂承包商拖欠厨师工资", "wages", False, 6, ("reject",)),
    ("年休假申请一直不批", "rest_leave", False, 12, ("accept", "start", "reply")),
    ("体检项目缩水", "other", True, 14, ("accept", "reply")),
    ("校车司机超时驾驶", "safety", False, 16, ("accept", "start", "reply", "rate:satisfied")),
    ("试用期被无故延长", "labour_contract", False, 18, ("accept", "reply", "rate:fairly")),
    ("加班费计算基数偏低", "wages", False, 22, ("accept", "start", "reply", "rate:unsatisfied")),
    ("哺乳期女职工被扣绩效", "women", False, 25, ("accept", "reply", "rate:satisfied")),
    ("社保缴费基数低于实际工资", "social_insurance", True, 30, ("accept", "reply", "old_reply")),
    ("聘用合同条款显失公平", "labour_contract", False, 35, ("accept", "start", "reply", "old_reply")),
    ("宿舍分配不公", "other", False, 9, ("accept", "reply", "reopen")),
    ("校外培训机构教师被迫签自愿放弃社保协议", "social_insurance", False, 3, ("escalate",)),
    ("集团化办学后工资标准不统一", "wages", False, 7, ("accept", "escalate")),
    ("人事代理教师岗位被调整", "personnel", False, 2, ("transfer",)),
)

# The case of the member whose login the README gives: answered, waiting for their rating (their home's 待办).
DEMO_MEMBER_CASE = "年休假申请一直不批"

# Cases that happen only in a school or only in a hospital (by title); the others in any unit.
CASE_UNITS: dict[str, str] = {
    "学校拖欠代课教师三个月课时费": Industry.EDUCATION,
    "合同到期后学校不续签也不说明理由": Industry.EDUCATION,
    "寒暑假值班没有调休也没有加班费": Industry.EDUCATION,
    "医院未给劳务派遣护士缴纳住房公积金": Industry.HEALTH,
    "孕期被调整到夜班岗位": Industry.HEALTH,
    "绩效工资分配方案未经教代会讨论": Industry.EDUCATION,
    "校车司机超时驾驶": Industry.EDUCATION,
    "校外培训机构教师被迫签自愿放弃社保协议": Industry.EDUCATION,
    "集团化办学后工资标准不统一": Industry.EDUCATION,
    "人事代理教师岗位被调整": Industry.EDUCATION,
}


def _user_of(member: Member) -> User:
    """The account of a demo member (the demo picks members that have one)."""
    if member.user is None:
        raise ValueError(f"demo member {member.pk} has no account")
    return member.user


def _workdays_ago(today: dt.date, count: int) -> dt.date:
    day, found = today, 0
    while found < count:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            found += 1
    return day


def _backdate(appeal: Appeal, submitted_on: dt.date) -> None:
    accept_due, reply_due = sla_due_dates(
        submitted_on=submitted_on,
        accept_days=appeal.category.accept_days,
        reply_days=appeal.category.reply_days,
    )
    moment = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9, 30)))
    Appeal.objects.filter(pk=appeal.pk).update(
        submitted_on=submitted_on, accept_due=accept_due, reply_due=reply_due, created_at=moment
    )
    appeal.refresh_from_db()


def _run(
    appeal: Appeal, step: str, *, admin: Any, member: Member, today: dt.date, submitted_on: dt.date
) -> Appeal:
    if step == "accept":
        return appeal_accept(appeal=appeal, actor=admin)
    if step == "start":
        return appeal_start(appeal=appeal, actor=admin)
    if step == "materials":
        appeal = appeal_request_materials(appeal=appeal, actor=admin, note="请补充工资条和考勤记录的照片")
        Appeal.objects.filter(pk=appeal.pk).update(paused_since=_workdays_ago(today, 2))
        return appeal
    if step == "reject":
        return appeal_reject(
            appeal=appeal, actor=admin, reason="承包商员工不属于本会会员，已告知向劳动监察部门反映"
        )
    if step == "reply":
        appeal = appeal_reply(
            appeal=appeal, actor=admin, body="经与单位协商，单位已同意按规定整改，请您留意后续落实情况。"
        )
        replied_on = min(today, _workdays_ago(today, 2))
        Appeal.objects.filter(pk=appeal.pk).update(
            replied_on=replied_on,
            replied_at=timezone.make_aware(dt.datetime.combine(replied_on, dt.time(15, 0))),
            handling_workdays=handling_workdays(
                submitted_on=submitted_on, replied_on=replied_on, paused_workdays=0
            ),
        )
        appeal.refresh_from_db()
        return appeal
    if step == "old_reply":  # replied long ago and never rated: the auto-close job will close it
        old = _workdays_ago(today, 9)
        Appeal.objects.filter(pk=appeal.pk).update(
            replied_on=old, replied_at=timezone.make_aware(dt.datetime.combine(old, dt.time(15, 0)))
        )
        appeal.refresh_from_db()
        return appeal
    if step.startswith("rate:"):
        return appeal_rate(
            appeal=appeal, member=member, actor=_user_of(member), rating=Rating(step[5:]), comment=""
        )
    if step == "reopen":
        return appeal_reopen(
            appeal=appeal, member=member, actor=_user_of(member), reason="宿舍仍未重新分配，请继续协调"
        )
    if step == "escalate":
        return appeal_escalate(appeal=appeal, actor=admin, reason="涉及多所学校，需上级工会统筹协调")
    if step == "transfer":
        target = _transfer_target(appeal.org)
        if target is not None:
            return appeal_transfer(appeal=appeal, actor=admin, to_org=target, reason="当事人已调入该校工作")
    return appeal


def _transfer_target(org: Org) -> Org | None:
    """Another school under the same union as `org` (the same county union, or the city union for 市属 units)."""
    target: Org | None = (
        Org.objects.get_siblings(org)
        .filter(level=OrgLevel.GRASSROOTS, status="active", industry=Industry.EDUCATION, is_private=False)
        .exclude(pk=org.pk)
        .order_by("path")
        .first()
    )
    return target


def _is_county_school(member: Member) -> bool:
    org = member.org
    return (
        org.industry == Industry.EDUCATION
        and not org.is_private
        and org.depth > 2
        and _transfer_target(org) is not None
    )


SUPERVISOR_USERNAME = "shi_weiquan"


def _supervisor_account() -> None:
    """维权督办 of the whole city (sees restricted and escalated cases, may reveal anonymous requesters)."""
    from django.contrib.auth.hashers import make_password

    from gonghui.accounts.demo import DEMO_PASSWORD
    from gonghui.accounts.models import RoleGrant
    from gonghui.orgs.models import Org

    root = Org.objects.filter(depth=1, level=OrgLevel.CITY).order_by("path").first()
    if root is None:
        return
    user, _created = User.objects.get_or_create(
        username=SUPERVISOR_USERNAME,
        defaults={"name": "市教科文卫体工会维权督办", "password": make_password(DEMO_PASSWORD)},
    )
    RoleGrant.objects.get_or_create(user=user, role="appeals_supervisor", org=root)


@transaction.atomic
def seed_appeals() -> str:
    category_defaults_ensure()
    _supervisor_account()
    titles = [case[0] for case in DEMO_CASES]
    if Appeal.objects.filter(title__in=titles).exists():
        return "诉求演示数据已存在，跳过"
    admin = User.objects.filter(username="admin", is_active=True).first()
    members = list(
        Member.objects.filter(user__isnull=False, org__level=OrgLevel.GRASSROOTS, status="active")
        .select_related("org", "user")
        .order_by("org__path", "pk")
    )
    if admin is None or not members:
        return "缺少管理员账号或会员，跳过诉求演示数据"
    by_org: dict[int, list[Member]] = {}
    for member in members:
        by_org.setdefault(member.org_id, []).append(member)
    firsts = [group[0] for group in by_org.values()]
    pools = {"": firsts[:8]}
    for industry in (Industry.EDUCATION, Industry.HEALTH):
        fitting = [m for m in firsts if m.org.industry == industry and not m.org.is_private][:4]
        pools[industry] = fitting or pools[""]
    used = dict.fromkeys(pools, 0)
    # the case transferred to another school: a teacher of a county school (the first one), when there is one
    teacher = next((m for m in firsts if _is_county_school(m)), None)
    categories = {c.code: c for c in AppealCategory.objects.all()}
    today = timezone.localdate()
    made = 0
    mine = demo_member()
    for title, code, anonymous, ago, steps in DEMO_CASES:
        kind = CASE_UNITS.get(title, "")
        member = pools[kind][used[kind] % len(pools[kind])]
        used[kind] += 1
        if title == DEMO_MEMBER_CASE and mine is not None and mine.org.level == OrgLevel.GRASSROOTS:
            member = mine
        if "transfer" in steps and teacher is not None:
            member = teacher
        category = categories.get(code) or next(iter(categories.values()))
        submitted_on = _workdays_ago(today, ago)
        with demo_clock(dt.datetime.combine(submitted_on, dt.time(9, 30))):
            appeal, _created = appeal_submit(
                member=member,
                actor=_user_of(member),
                data=AppealInput(
                    category=category,
                    title=title,
                    description=f"{title}。情况已持续一段时间，多次向单位反映没有结果，请工会帮助协调解决。",
                    desired_outcome="希望单位依法依规处理，保障职工合法权益。",
                    is_anonymous=anonymous,
                ),
                privacy_accepted=True,
            )
        _backdate(appeal, submitted_on)
        for step in steps:
            appeal = _run(appeal, step, admin=admin, member=member, today=today, submitted_on=submitted_on)
        # the services ran today on back-dated cases: lateness follows the back-dated reply, and the overdue
        # job below marks the cases that are late now
        appeal.refresh_from_db()
        late = appeal.replied_on is not None and appeal.replied_on > appeal.reply_due
        Appeal.objects.filter(pk=appeal.pk).update(was_overdue=late)
        made += 1
    summary = f"{appeals_overdue_job()}，{appeals_auto_close_job()}"
    states = Appeal.objects.values_list("status", flat=True).distinct()
    return f"诉求 {made} 件，覆盖 {len(set(states))} 种状态（{summary}）"
