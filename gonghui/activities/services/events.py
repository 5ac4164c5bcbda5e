"""Writes of part events — activities: create, edit, publish and cancel an activity, record and remove spending of
its budget, and the list and statistics exports.

Every writer of an activity or of its children locks the activity row first (`core.locking.lock`), so a spending
never passes the budget left and a cancellation never races a sign-up. Each step writes its row on the activity's
timeline (`activity_event`) in the same transaction. Views check who may act (`activities.manage` on the
organiser's union); the services check it again and validate the rules, with messages that name the field."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.statistics import shown_count
from gonghui.ledger.models import BudgetLine
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..audiences import activity_audiences, audience_for
from ..choices import (
    LIVE_REGISTRATION_STATUSES,
    ActivityAction,
    ActivityKind,
    ActivityStatus,
    RegistrationAction,
    RegistrationStatus,
)
from ..events import activity_event
from ..models import Activity, ActivitySpending, Registration
from ..models.events import ORG_AUDIENCE
from ..permissions import can_manage_for
from ..selectors.events import activity_spent, budget_lines_for, confirmed_count

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ActivityDetails:
    """What the organiser fills in (the union is chosen on creation and kept)."""

    title: str
    kind: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    audience_key: str = ORG_AUDIENCE
    member_filter: dict[str, Any] | None = None
    signup_required: bool = True
    signup_opens_at: dt.datetime | None = None
    signup_closes_at: dt.datetime | None = None
    capacity: int | None = None
    waitlist: bool = True
    approval_required: bool = False
    cancel_cutoff: dt.datetime | None = None
    reminder_hours: int = 24
    late_after_minutes: int = 15
    checkout_required: bool = False
    budget_line: BudgetLine | None = None
    budget: Decimal | None = None
    contact: str = ""


FIELD_LABELS = {
    f.name: str(getattr(Activity._meta.get_field(f.name), "verbose_name", f.name))
    for f in fields(ActivityDetails)
    if f.name != "member_filter"
} | {"member_filter": "会员条件"}


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}"


def _check_manage(actor: Any, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权组织“%(org)s”的活动") % {"org": org.name})


def _clean(details: ActivityDetails, *, org: Org, actor: Any) -> ActivityDetails:
    """The rules of one activity's fields, each error on its field."""
    errors: dict[str, str] = {}
    title = " ".join((details.title or "").split())
    place = " ".join((details.place or "").split())
    if not title:
        errors["title"] = _("请填写活动名称")
    if not place:
        errors["place"] = _("请填写活动地点")
    if details.kind not in ActivityKind.values:
        errors["kind"] = _("请选择活动类型")
    starts, ends = details.starts_at, details.ends_at
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("结束时间必须晚于开始时间")
    opens, closes = details.signup_opens_at, details.signup_closes_at
    if details.signup_required:
        if opens and closes and closes <= opens:
            errors["signup_closes_at"] = _("报名截止必须晚于报名开始")
        elif closes and ends and closes > ends:
            errors["signup_closes_at"] = _("报名截止不能晚于活动结束时间")
        if opens and ends and opens >= ends and "signup_closes_at" not in errors:
            errors["signup_opens_at"] = _("报名开始必须早于活动结束时间")
    if details.cancel_cutoff and starts and details.cancel_cutoff > starts:
        errors["cancel_cutoff"] = _("取消报名截止不能晚于活动开始时间")
    if details.capacity is not None and details.capacity < 1:
        errors["capacity"] = _("名额至少为 1；不限名额请留空")
    if details.budget is not None and details.budget < 0:
        errors["budget"] = _("活动预算不能为负数")
    if (
        details.budget_line is not None
        and not budget_lines_for(actor, org).filter(pk=details.budget_line.pk).exists()
    ):
        errors["budget_line"] = _("所选预算科目不属于“%(org)s”的经费，请重新选择") % {"org": org.name}
    if details.audience_key not in activity_audiences:
        errors["audience_key"] = _("请选择参加对象范围")
    elif activity_audiences.get(details.audience_key).private and not details.signup_required:
        errors["signup_required"] = _(
            "参加对象为“%(label)s”时必须勾选“需要报名”：只有报名的会员才会出现在名单中"
        ) % {"label": activity_audiences.get(details.audience_key).label}
    if errors:
        raise ValidationError(errors)
    return ActivityDetails(
        **{
            **{f.name: getattr(details, f.name) for f in fields(ActivityDetails)},
            "title": title[:100],
            "place": place[:200],
            "description": (details.description or "").strip(),
            "contact": " ".join((details.contact or "").split())[:100],
            "member_filter": details.member_filter or {},
            "capacity": details.capacity if details.signup_required else None,
        }
    )


@transaction.atomic
def activity_create(
    *, org: Org, details: ActivityDetails, actor: Any, context: AuditContext | None = None
) -> Activity:
    """A draft activity of `org`; members see it once published."""
    _check_manage(actor, org)
    clean = _clean(details, org=org, actor=actor)
    activity = Activity(
        org=org,
        created_by=actor,
        status=ActivityStatus.DRAFT,
        **{f.name: getattr(clean, f.name) for f in fields(ActivityDetails)},
    )
    activity.full_clean()
    activity.save()
    activity_event(
        subject=activity, actor=actor, action=ActivityAction.CREATED, to_state=activity.status, note=org.name
    )
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, details: ActivityDetails, actor: Any, context: AuditContext | None = None
) -> Activity:
    """Edit an activity (after publishing too); the capacity never drops below the places already confirmed."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    _check_manage(actor, activity.org)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("活动已取消，不能再修改"))
    clean = _clean(details, org=activity.org, actor=actor)
    confirmed = confirmed_count(activity)
    if clean.capacity is not None and clean.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _("已有 %(n)s 人报名成功，名额不能少于 %(n)s；如需减少请先在报名管理中处理")
                % {"n": confirmed}
            }
        )
    if not clean.signup_required and confirmed:
        raise ValidationError(
            {"signup_required": _("已有 %(n)s 人报名成功，不能改为无需报名") % {"n": confirmed}}
        )
    spent = activity_spent(activity)
    if spent and (clean.budget is None or clean.budget < spent):
        raise ValidationError(
            {"budget": _("已支出 %(spent)s 元，活动预算不能少于已支出金额") % {"spent": _yuan(spent)}}
        )
    changed = [f.name for f in fields(ActivityDetails) if getattr(activity, f.name) != getattr(clean, f.name)]
    if not changed:
        return activity
    for name in changed:
        setattr(activity, name, getattr(clean, name))
    if {"starts_at", "reminder_hours"} & set(changed):
        activity.reminded_at = None  # the reminder follows the new time
    activity.full_clean()
    activity.save()
    note = "修改了" + "、".join(FIELD_LABELS[name] for name in changed)
    activity_event(subject=activity, actor=actor, action=ActivityAction.EDITED, note=note)
    return activity


@transaction.atomic
def activity_publish(*, activity: Activity, actor: Any, context: AuditContext | None = None) -> Activity:
    """草稿 → 已发布: members of the audience see it and (when sign-up is open) may sign up."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    _check_manage(actor, activity.org)
    if activity.status != ActivityStatus.DRAFT:
        raise ValidationError(
            _("只有草稿状态的活动可以发布（当前：%(s)s）") % {"s": activity.get_status_display()}
        )
    if activity.ends_at <= timezone.now():
        raise ValidationError(_("活动结束时间已过，请先修改活动时间再发布"))
    before = activity.status
    activity.status = ActivityStatus.PUBLISHED
    activity.published_at = timezone.now()
    activity.save(update_fields=["status", "published_at", "updated_at"])
    activity_event(
        subject=activity,
        actor=actor,
        action=ActivityAction.PUBLISHED,
        from_state=before,
        to_state=activity.status,
    )
    return activity


@dataclass(frozen=True)
class CancelResult:
    activity: Activity
    registrations: int  # live registrations cancelled by the organiser
    notified: int


@transaction.atomic
def activity_cancel(
    *, activity: Activity, reason: str, actor: Any, context: AuditContext | None = None
) -> CancelResult:
    """取消活动 with a reason: every live registration becomes 已取消 (组织方取消 on its timeline) and its member is
    told through the inbox (and SMS after the commit)."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    _check_manage(actor, activity.org)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("取消原因不能超过 200 个字")})
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("活动已取消"))
    if activity.ends_at <= timezone.now():
        raise ValidationError(_("活动已结束，不能取消"))
    before = activity.status
    now = timezone.now()
    live = list(
        Registration.objects.select_for_update()
        .filter(activity=activity, status__in=LIVE_REGISTRATION_STATUSES)
        .order_by("pk")
    )
    for registration in live:
        was = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = registration.updated_at = now
        activity_event(
            subject=registration,
            actor=actor,
            action=RegistrationAction.CANCELLED_BY_ORGANISER,
            from_state=was,
            to_state=registration.status,
            note=reason,
        )
    Registration.objects.bulk_update(live, ["status", "cancelled_at", "updated_at"])
    activity.status = ActivityStatus.CANCELLED
    activity.cancelled_reason = reason
    activity.save(update_fields=["status", "cancelled_reason", "updated_at"])
    note = reason if not live else f"{reason}（{len(live)} 人的报名随之取消）"
    activity_event(
        subject=activity,
        actor=actor,
        action=ActivityAction.CANCELLED,
        from_state=before,
        to_state=activity.status,
        note=note,
    )
    members = Member.objects.filter(pk__in=[r.member_id for r in live], user__isnull=False)
    users = [member.user for member in members.select_related("user") if member.user is not None]
    if users:
        when = timezone.localtime(activity.starts_at).strftime("%Y年%m月%d日 %H:%M")
        notify(
            recipients=users,
            title=_("活动取消：%(title)s") % {"title": activity.title},
            body=_("您报名的“%(title)s”（%(when)s，%(place)s）已由%(org)s取消，原因：%(reason)s")
            % {
                "title": activity.title,
                "when": when,
                "place": activity.place,
                "org": activity.org.name,
                "reason": reason,
            },
            url=_portal_url(activity),
            category="activities",
            sms=True,
        )
    if live:
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            summary=_("取消活动“%(title)s”，%(n)s 人的报名随之取消")
            % {"title": activity.title, "n": len(live)},
            actor=actor,
            context=context,
            subject=activity,
            org_id=activity.org_id,
            detail={"registrations": [r.pk for r in live], "reason": reason},
        )
    return CancelResult(activity=activity, registrations=len(live), notified=len(users))


@transaction.atomic
def activity_audience_invite(*, activity: Activity, actor: Any, context: AuditContext | None = None) -> int:
    """通过婚恋交友平台发送邀请: the private audience's own app invites its members (the organiser never learns who)
    and returns how many; the activity's timeline and the audit keep the count as shown ("<10" for 1–9)."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    _check_manage(actor, activity.org)
    audience = audience_for(activity)
    if not audience.private or audience.invite is None:
        raise ValidationError(_("该活动的参加对象不能通过其他平台发送邀请"))
    if activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("活动发布后才能发送邀请"))
    count = audience.invite(activity, actor)
    note = _("向“%(label)s”发出邀请，共 %(n)s 人") % {"label": audience.label, "n": shown_count(count)}
    activity_event(subject=activity, actor=actor, action=ActivityAction.INVITED, note=note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("活动“%(title)s”：%(note)s") % {"title": activity.title, "note": note},
        actor=actor,
        context=context,
        subject=activity,
        org_id=activity.org_id,
    )
    return count


def _portal_url(activity: Activity) -> str:
    """The member's page of the activity (part signup's portal route), when it exists."""
    try:
        return reverse("activities_portal:detail", args=[activity.public_id])
    except NoReverseMatch:
        return ""


def _amount(raw: Any) -> Decimal:
    try:
        amount = Decimal(raw).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"amount": _("请填写支出金额")}) from None
    if amount <= 0:
        raise ValidationError({"amount": _("支出金额必须大于 0")})
    return amount


@transaction.atomic
def spending_add(
    *,
    activity: Activity,
    amount: Any,
    purpose: str,
    spent_on: dt.date,
    voucher: str = "",
    actor: Any,
    context: AuditContext | None = None,
) -> ActivitySpending:
    """登记支出: never beyond the budget left (the activity row locked while checking)."""
    activity = lock(Activity, related=("org",), pk=activity.pk)
    _check_manage(actor, activity.org)
    if activity.budget is None:
        raise ValidationError(_("活动未设预算，请先在“修改活动”中填写活动预算"))
    amount = _amount(amount)
    purpose = " ".join((purpose or "").split())[:100]
    if not purpose:
        raise ValidationError({"purpose": _("请填写用途")})
    if spent_on is None:
        raise ValidationError({"spent_on": _("请填写支出日期")})
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": _("支出日期不能晚于今天")})
    spent = activity_spent(activity)
    left = activity.budget - spent
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "超出预算：活动预算 %(budget)s 元，已支出 %(spent)s 元，尚余 %(left)s 元，本次 %(amount)s 元"
                )
                % {
                    "budget": _yuan(activity.budget),
                    "spent": _yuan(spent),
                    "left": _yuan(left),
                    "amount": _yuan(amount),
                }
            }
        )
    spending = ActivitySpending.objects.create(
        activity=activity,
        amount=amount,
        purpose=purpose,
        spent_on=spent_on,
        voucher=" ".join((voucher or "").split())[:50],
        recorded_by=actor,
    )
    activity_event(
        subject=activity,
        actor=actor,
        action=ActivityAction.SPENT,
        note=f"{purpose} {_yuan(amount)} 元（{spent_on.isoformat()}）",
    )
    return spending


@transaction.atomic
def spending_remove(
    *, spending: ActivitySpending, actor: Any, context: AuditContext | None = None
) -> Activity:
    """删除支出: the correction of a wrong record; the timeline and the audit keep what it was."""
    activity = lock(Activity, related=("org",), pk=spending.activity_id)
    _check_manage(actor, activity.org)
    spending = lock(ActivitySpending, pk=spending.pk)
    described = f"{spending.purpose} {_yuan(spending.amount)} 元（{spending.spent_on.isoformat()}）"
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("删除活动“%(title)s”的支出：%(what)s") % {"title": activity.title, "what": described},
        actor=actor,
        context=context,
        subject=spending,
        org_id=activity.org_id,
        detail={"activity": activity.pk, "amount": str(spending.amount), "voucher": spending.voucher},
    )
    spending.delete()
    activity_event(subject=activity, actor=actor, action=ActivityAction.SPENDING_REMOVED, note=described)
    return activity


def activities_export(
    *, activities: Iterable[Activity], actor: Any, filtered: bool, context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The (filtered) activity list as xlsx, with the file name."""
    from ..spreadsheets.events import activities_workbook

    content, count = activities_workbook(activities)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出活动列表（%(n)s 条%(f)s）") % {"n": count, "f": "，按条件筛选" if filtered else ""},
        actor=actor,
        context=context,
        detail={"rows": count},
    )
    return content, f"活动列表-{timezone.localdate().strftime('%Y%m%d')}.xlsx"
