"""Writes of quiz activities: create, edit, publish, cancel (audited), and the notices (open notice to every
member in the targeted units, reminders to a unit's members who have not taken part)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.members.models import Member, TargetList
from gonghui.members.selectors.filters import MemberFilter
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, targets_expand

from ..choices import (
    ActivityAction,
    ActivityPhase,
    ActivityStatus,
    ScoreRule,
)
from ..events import activity_event
from ..models import (
    ActivityUnit,
    Question,
    QuestionBank,
    QuizActivity,
)
from ..rules import ip_networks
from ..selectors import activity_absent_members, activity_eligible_members, board_cache_key
from ..workflows import ACTIVITY_WORKFLOW
from .common import admin_edit_audit

NOTIFY_CHUNK = 500


def _refuse_unless_allowed(activity: QuizActivity, action: ActivityAction, actor: Actor | None) -> None:
    """Raise the workflow's state (or permission) error before any other check when `action` may not be taken
    now: `Workflow.apply` refuses a transition that `can` refuses, and saves nothing when it does."""
    ACTIVITY_WORKFLOW.check(activity, action=action, actor=actor)


@dataclass
class ActivitySpec:
    """What an organiser sets on an activity (the form's cleaned data)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    banks: list[QuestionBank]
    draw_rules: list[dict[str, Any]]
    targets: list[OrgTarget]
    description: str = ""
    member_filter: dict[str, Any] = field(default_factory=dict)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    time_limit_minutes: int = 10
    attempts_per_day: int = 3
    attempts_total: int = 0
    score_rule: str = ScoreRule.BEST
    points_per_question: int = 10
    pass_mark: int = 60
    excellent_mark: int = 90
    levels: int = 0
    certificate_enabled: bool = False
    focus_budget: int = 0
    ip_ranges: str = ""


SPEC_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "member_filter",
    "draw_rules",
    "shuffle_questions",
    "shuffle_options",
    "time_limit_minutes",
    "attempts_per_day",
    "attempts_total",
    "score_rule",
    "points_per_question",
    "pass_mark",
    "excellent_mark",
    "levels",
    "certificate_enabled",
    "focus_budget",
    "ip_ranges",
)


def _pool_errors(banks: Iterable[QuestionBank], draw_rules: list[dict[str, Any]]) -> list[str]:
    """Why the draw rules cannot be met from the chosen banks' active questions (empty when they can)."""
    if not draw_rules or not any(int(r.get("count", 0)) > 0 for r in draw_rules):
        return ["请至少设置一条抽题规则（分类和题数）"]
    pool = Question.objects.filter(bank__in=list(banks), is_active=True)
    needed: dict[str, int] = {}
    for rule in draw_rules:
        needed[str(rule.get("category", ""))] = needed.get(str(rule.get("category", "")), 0) + int(
            rule["count"]
        )
    for category, count in needed.items():
        have = (pool.filter(category=category) if category else pool).count()
        if have < count:
            label = category or "不限分类"
            return [f"“{label}”需要抽 {count} 题，所选题库中只有 {have} 题"]
    total = pool.count()
    if sum(needed.values()) > total:
        return [f"共需抽 {sum(needed.values())} 题，所选题库中只有 {total} 题"]
    return []


def _rules_errors(rules: ActivitySpec | QuizActivity, banks: Iterable[QuestionBank]) -> dict[str, list[str]]:
    """Every contradiction between an activity's rules, by field: a window that ends before it starts, a pass mark
    or high-score line above the full marks (draws × points), more attempts a day than in total, more draws than
    the banks hold. An activity nobody could pass or take is refused at save and again at publication."""
    errors: dict[str, list[str]] = {}

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if rules.ends_at <= rules.starts_at:
        refuse("ends_at", "结束时间须晚于开始时间")
    count = sum(int(r.get("count", 0)) for r in rules.draw_rules)
    full = count * rules.points_per_question
    if count and rules.pass_mark > full:
        refuse(
            "pass_mark",
            f"及格分 {rules.pass_mark} 高于满分 {full}（{count} 题 × 每题 {rules.points_per_question} 分），"
            "没有人能及格",
        )
    if count and rules.excellent_mark > full:
        refuse(
            "excellent_mark",
            f"高分线 {rules.excellent_mark} 高于满分 {full}（{count} 题 × 每题 {rules.points_per_question} 分）",
        )
    if rules.pass_mark > rules.excellent_mark and "pass_mark" not in errors:
        refuse("pass_mark", "及格分不能高于高分线")
    if rules.attempts_total and rules.attempts_per_day > rules.attempts_total:
        refuse(
            "attempts_per_day",
            f"每天可答 {rules.attempts_per_day} 次多于总共可答 {rules.attempts_total} 次",
        )
    for message in _pool_errors(banks, rules.draw_rules):
        refuse("draw_rules", message)
    return errors


def _member_filter_check(stored: dict[str, Any], *, org: Org) -> None:
    """只限名单 names a target list of the activity's own org (a list elsewhere, or gone, is refused)."""
    listed = MemberFilter.from_dict(stored).target_list
    if listed and not TargetList.objects.filter(public_id=listed, org=org).exists():
        raise ValidationError({"target_list": "请选择本活动所属组织的名单"})


def _spec_check(spec: ActivitySpec, *, org: Org) -> None:
    if not spec.title.strip():
        raise ValidationError({"title": "请填写活动名称"})
    if not spec.banks:
        raise ValidationError({"banks": "请至少选择一个题库"})
    if not spec.targets:
        raise ValidationError({"targets": "请选择参与范围"})
    targets_expand(spec.targets, within=org, include_within=True)
    ip_networks(spec.ip_ranges)
    _member_filter_check(spec.member_filter, org=org)
    if errors := _rules_errors(spec, spec.banks):
        raise ValidationError(errors)


def _spec_apply(activity: QuizActivity, spec: ActivitySpec) -> None:
    for name in SPEC_FIELDS:
        setattr(activity, name, getattr(spec, name))
    # one JSON shape for the 会员条件: a `MemberFilter`
    activity.member_filter = MemberFilter.from_dict(spec.member_filter).as_dict()
    activity.title = spec.title.strip()
    activity.targets = [t.as_dict() for t in spec.targets]


@transaction.atomic
def activity_create(*, org: Org, spec: ActivitySpec, actor: Actor | None) -> QuizActivity:
    _spec_check(spec, org=org)
    activity = QuizActivity(org=org, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _spec_apply(activity, spec)
    activity.save()
    activity.banks.set(spec.banks)
    activity_event(activity=activity, actor=actor, action=ActivityAction.CREATE, to_state=activity.status)
    return activity


@transaction.atomic
def activity_update(*, activity: QuizActivity, spec: ActivitySpec, actor: Actor) -> QuizActivity:
    activity = lock(QuizActivity, pk=activity.pk, related=("org",))
    _refuse_unless_allowed(activity, ActivityAction.EDIT, actor)
    _spec_check(spec, org=activity.org)
    _spec_apply(activity, spec)
    activity.save()
    activity.banks.set(spec.banks)
    activity_event(activity=activity, actor=actor, action=ActivityAction.EDIT)
    return activity


@transaction.atomic
def activity_publish(
    *, activity: QuizActivity, actor: Actor | None, context: AuditContext | None = None
) -> QuizActivity:
    """草稿 → 已发布: the targets become `ActivityUnit` rows, the eligible members are counted (the timeline note)
    and the draft's cached board is forgotten, so 应参与 shows at once; members are notified when the window opens.
    Rules that contradict each other are refused here too."""
    activity = lock(QuizActivity, pk=activity.pk)
    _refuse_unless_allowed(activity, ActivityAction.PUBLISH, actor)
    if activity.ends_at <= timezone.now():
        raise ValidationError("活动结束时间已过，请先修改时间")
    targets = [OrgTarget.from_dict(t) for t in activity.targets]
    orgs = list(targets_expand(targets, within=activity.org, include_within=True))
    if not orgs:
        raise ValidationError("参与范围内没有正常状态的组织")
    if errors := _rules_errors(activity, activity.banks.all()):
        raise ValidationError(errors)
    ActivityUnit.objects.bulk_create(
        [ActivityUnit(activity=activity, org=o) for o in orgs], ignore_conflicts=True
    )
    eligible = activity_eligible_members(activity).count()
    # the draft's board (no units, 应参与 0) may be cached: forget it now and again once the units are committed
    cache.delete(board_cache_key(activity))
    transaction.on_commit(lambda: cache.delete(board_cache_key(activity)))
    ACTIVITY_WORKFLOW.apply(
        activity,
        action=ActivityAction.PUBLISH,
        actor=actor,
        note=f"参与单位 {len(orgs)} 个，应参与会员 {eligible} 人",
    )
    admin_edit_audit(
        actor, f"发布答题活动“{activity.title}”", subject=activity, org_id=activity.org_id, context=context
    )
    if activity.phase == ActivityPhase.OPEN:
        activity_open_notify(activity=activity)
    return activity


@transaction.atomic
def activity_cancel(
    *, activity: QuizActivity, actor: Actor, reason: str, context: AuditContext | None = None
) -> QuizActivity:
    activity = lock(QuizActivity, pk=activity.pk)
    _refuse_unless_allowed(activity, ActivityAction.CANCEL, actor)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因"})
    ACTIVITY_WORKFLOW.apply(activity, action=ActivityAction.CANCEL, actor=actor, note=reason)
    admin_edit_audit(
        actor,
        f"撤销答题活动“{activity.title}”：{reason}",
        subject=activity,
        org_id=activity.org_id,
        context=context,
    )
    return activity


def _member_users(members: Iterable[Member]) -> list[Any]:
    return [m.user for m in members if m.user_id]


def activity_open_notify(*, activity: QuizActivity) -> int:
    """Tell the eligible members that the activity is open; the claim (a conditional update) makes it once only."""
    with transaction.atomic():
        claimed = QuizActivity.objects.filter(pk=activity.pk, opened_notified_at__isnull=True).update(
            opened_notified_at=timezone.now()
        )
        if not claimed:
            return 0
        members = activity_eligible_members(activity).filter(user__isnull=False).select_related("user")
        url = reverse("quizzes:portal_activity", args=[activity.public_id])
        count = 0
        batch: list[Member] = []
        for member in members.iterator(chunk_size=NOTIFY_CHUNK):
            batch.append(member)
            if len(batch) >= NOTIFY_CHUNK:
                count += len(
                    notify(
                        recipients=_member_users(batch),
                        title=f"答题活动开始：{activity.title}",
                        url=url,
                        category="quizzes",
                    )
                )
                batch = []
        if batch:
            count += len(
                notify(
                    recipients=_member_users(batch),
                    title=f"答题活动开始：{activity.title}",
                    url=url,
                    category="quizzes",
                )
            )
        activity_event(
            activity=activity, actor=None, action=ActivityAction.NOTIFY, note=f"通知会员 {count} 人"
        )
    return count


def activities_open_notify_due() -> str:
    """Scheduled job: notify members of every published activity whose window has opened (once each)."""
    now = timezone.now()
    due = QuizActivity.objects.filter(
        status=ActivityStatus.PUBLISHED, opened_notified_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    )
    sent = 0
    activities = list(due)
    for activity in activities:
        sent += activity_open_notify(activity=activity)
    return f"答题活动开始通知：{len(activities)} 个活动，{sent} 人"


@transaction.atomic
def activity_remind(*, activity: QuizActivity, unit: Org, actor: Actor) -> int:
    """Remind the eligible members of `unit` (and below) who have not taken part yet."""
    if activity.phase != ActivityPhase.OPEN:
        raise ValidationError("只有进行中的活动可以发送催答提醒")
    members = list(
        activity_absent_members(activity, unit=unit).filter(user__isnull=False).select_related("user")
    )
    url = reverse("quizzes:portal_activity", args=[activity.public_id])
    notify(
        recipients=_member_users(members),
        title=f"请参加答题活动：{activity.title}",
        body=f"活动将于 {timezone.localtime(activity.ends_at):%Y-%m-%d %H:%M} 结束",
        url=url,
        category="quizzes",
    )
    activity_event(
        activity=activity,
        actor=actor,
        action=ActivityAction.REMIND,
        note=f"{unit.name}：提醒 {len(members)} 人",
    )
    return len(members)
