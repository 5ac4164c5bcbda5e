"""Selectors of part attendance: the activity as a check-in target (found by public id, its window, who it
admits, who may scan), the attendance list with its filters (已签到 / 迟到 / 未签退 / 未到) and search, the no-shows
(confirmed registrations without attendance after the end), the counts of the activity page's 签到 panel, the
report's photos, and a member's own attendance on the portal."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.checkins.models import CheckIn
from gonghui.members.models import Member

from ..audiences import audience_admits
from ..choices import ActivityStatus, RegistrationStatus
from ..models import Activity, Attendance, Registration
from ..permissions import MANAGE, VIEW

# Check-ins open an hour before the start (people arrive early) and close at the end.
OPEN_BEFORE = dt.timedelta(hours=1)

FILTER_ALL = ""
FILTER_LATE = "late"
FILTER_NOT_OUT = "not_out"
FILTER_ABSENT = "absent"
FILTERS = (
    (FILTER_ALL, "已签到"),
    (FILTER_LATE, "迟到"),
    (FILTER_NOT_OUT, "未签退"),
    (FILTER_ABSENT, "未到"),
)


# --- the activity as a check-in target -------------------------------------------------------------------------


def activity_get_for_scan(user: Any, public_id: Any) -> Activity:
    """The check-in target's `find`: an activity the user may see (its organiser's subtree), else 404."""
    return Activity.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)


def activity_for(user: Any, activity_id: int) -> Activity:
    """An activity the user may see, by its id (console pages), else 404."""
    return Activity.objects.select_related("org").get_visible_or_404(user, VIEW, pk=activity_id)


def activity_can_scan(user: Any, activity: Activity) -> bool:
    return has_action(user, MANAGE, activity.org)


def activity_window(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    """From an hour before the start to the end."""
    return activity.starts_at - OPEN_BEFORE, activity.ends_at


def activity_admits(member: Member, activity: Activity) -> bool:
    """A published activity admits the members holding a confirmed registration; one without sign-up (a 工间操,
    an open 报告会) admits its whole audience."""
    if activity.status != ActivityStatus.PUBLISHED:
        return False
    if activity.signup_required:
        return Registration.objects.filter(
            activity=activity, member=member, status=RegistrationStatus.CONFIRMED
        ).exists()
    return audience_admits(activity, member)


def registration_of(activity: Activity, member: Member) -> Registration | None:
    return Registration.objects.filter(
        activity=activity, member=member, status=RegistrationStatus.CONFIRMED
    ).first()


def activity_checkins(activity: Activity) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        target_type=ContentType.objects.get_for_model(Activity), target_id=activity.pk
    ).select_related("member__org", "by")


def _admitted_members(activity: Activity) -> QuerySet[Member]:
    if activity.signup_required:
        return Member.objects.filter(
            pk__in=Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).values(
                "member_id"
            )
        )
    from ..audiences import audience_q

    return Member.objects.filter(audience_q(activity))


def member_for_scan(activity: Activity, number: str) -> Member | None:
    """The member whose 会员编号 or 会员卡号 the organiser typed, only among those the activity admits."""
    number = number.strip()
    if not number:
        return None
    return (
        _admitted_members(activity)
        .filter(Q(member_number=number) | Q(card_number=number))
        .select_related("org")
        .first()
    )


def member_by_public_id(activity: Activity, public_id: Any) -> Member | None:
    try:
        UUID(str(public_id))
    except ValueError:
        return None
    return _admitted_members(activity).filter(public_id=public_id).select_related("org").first()


def member_for_manual(activity: Activity, number: str) -> Member | None:
    """补登's member: by 会员编号 or 会员卡号 among the admitted (a confirmed registration, or the audience)."""
    return member_for_scan(activity, number)


# --- the attendance list -----------------------------------------------------------------------------------------


def attendance_of(activity: Activity) -> QuerySet[Attendance]:
    return Attendance.objects.filter(activity=activity).select_related(
        "member__org", "recorded_by", "registration"
    )


def has_ended(activity: Activity, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) > activity.ends_at


def no_shows(activity: Activity, now: dt.datetime | None = None) -> QuerySet[Registration]:
    """Confirmed registrations without attendance, once the activity has ended (none before)."""
    if not has_ended(activity, now):
        return Registration.objects.none()
    return (
        Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED)
        .exclude(member_id__in=Attendance.objects.filter(activity=activity).values("member_id"))
        .select_related("member__org")
        .order_by("member__org__path", "member__name", "pk")
    )


def _search_q(query: str, prefix: str) -> Q:
    return (
        Q(**{f"{prefix}name__icontains": query})
        | Q(**{f"{prefix}member_number": query})
        | Q(**{f"{prefix}card_number": query})
    )


def attendance_rows(activity: Activity, *, status: str = FILTER_ALL, query: str = "") -> QuerySet[Any]:
    """The rows of the list: attendance (all, late ones, not checked out) or, for 未到, the registrations."""
    query = query.strip()
    if status == FILTER_ABSENT:
        rows: QuerySet[Any] = no_shows(activity)
        return rows.filter(_search_q(query, "member__")) if query else rows
    rows = attendance_of(activity).order_by("checked_in_at", "pk")
    if status == FILTER_LATE:
        rows = rows.filter(late=True)
    elif status == FILTER_NOT_OUT:
        rows = rows.filter(checked_out_at__isnull=True) if activity.checkout_required else rows.none()
    return rows.filter(_search_q(query, "member__")) if query else rows


def attendance_counts(activity: Activity) -> dict[str, Any]:
    rows = Attendance.objects.filter(activity=activity)
    confirmed = Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()
    ended = has_ended(activity)
    return {
        "checked_in": rows.count(),
        "late": rows.filter(late=True).count(),
        "not_out": rows.filter(checked_out_at__isnull=True).count() if activity.checkout_required else 0,
        "absent": no_shows(activity).count() if ended else None,
        "confirmed": confirmed,
        "ended": ended,
    }


def attendance_for(user: Any, attendance_id: int) -> Attendance:
    return Attendance.objects.select_related("activity__org", "member").get_visible_or_404(
        user, VIEW, pk=attendance_id
    )


# --- the report's photos -------------------------------------------------------------------------------------------


def activity_photos(activity: Activity) -> QuerySet[Attachment]:
    return attachments_of(activity).filter(extension__in=("jpg", "jpeg", "png"))


def user_sees_activity(user: Any, activity: Activity) -> bool:
    """Attachments of an activity (its photos) download for whoever may see the activity in the console."""
    return Activity.objects.visible_to(user, VIEW).filter(pk=activity.pk).exists()


# --- the activity page's panel and the member's own list -------------------------------------------------------


def attendance_panel(user: Any, activity: Activity) -> dict[str, Any] | None:
    """The 签到 card of the activity page: counts and links, for who may see the activity (scan for organisers)."""
    if not user_sees_activity(user, activity):
        return None
    return {
        "activity": activity,
        "counts": attendance_counts(activity),
        "can_scan": activity_can_scan(user, activity),
        "window": activity_window(activity),
        "photo_count": activity_photos(activity).count(),
    }


def my_attendance(member: Member) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(member=member)
        .select_related("activity__org")
        .order_by("-checked_in_at", "-pk")
    )


def my_attendance_figure(user: Any) -> str | None:
    """The line on the member's 我的 page: activities attended this year (one query); None when never."""
    year = timezone.localdate().year
    counts = Attendance.objects.filter(member__user=user).aggregate(
        total=Count("pk"), this_year=Count("pk", filter=Q(checked_in_at__year=year))
    )
    if not counts["total"]:
        return None
    return f"本年参加 {counts['this_year']} 次活动"
