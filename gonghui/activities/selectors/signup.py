"""Reads of part signup (报名): the sign-up window and the places left of an activity, the organiser's registration
list (status filter, search by name, member number or receipt number) and waiting list in queue order, the counts
of the activity page's record panel, and the member's side — the published upcoming activities their audience
admits, their own registrations with the check-in state, 我的办理 (one query) and the home card.

Rules read here, written by `services.signup`:
- the **sign-up window** is [signup_opens_at (or the publication), signup_closes_at (or the start)); nobody signs
  up once the activity has started;
- a **place** is held by a CONFIRMED registration; `capacity` None means no limit;
- the **waiting list** is the WAITLISTED registrations in `queued_at` order (then the row's age);
- a member may **cancel** until `cancel_cutoff` (default: the start)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from gonghui.accounts.scoping import has_action
from gonghui.core.registry import MemberRequest, PortalCardItem
from gonghui.members.models import Member

from ..audiences import audience_admits
from ..choices import LIVE_REGISTRATION_STATUSES, ActivityStatus, RegistrationStatus
from ..models import Activity, Attendance, Registration
from ..permissions import MANAGE, VIEW

STATUS_BADGES: dict[str, str] = {
    RegistrationStatus.PENDING: "bg-yellow-lt",
    RegistrationStatus.CONFIRMED: "bg-green-lt",
    RegistrationStatus.WAITLISTED: "bg-azure-lt",
    RegistrationStatus.CANCELLED: "bg-secondary-lt",
    RegistrationStatus.REJECTED: "bg-red-lt",
}
NEXT_STEPS: dict[str, str] = {
    RegistrationStatus.PENDING: "等待组织方审核，审核结果会通知您",
    RegistrationStatus.CONFIRMED: "请按时参加，活动开始前会提醒您；现场出示会员码签到",
    RegistrationStatus.WAITLISTED: "名额已满，您在候补名单中；有人取消时按顺序自动转为已报名并通知您",
    RegistrationStatus.CANCELLED: "",
    RegistrationStatus.REJECTED: "",
}


def _when(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "Y年n月j日 H:i")


# --- the activity's window and places ---------------------------------------------------------------------------


def signup_opens(activity: Activity) -> dt.datetime | None:
    return activity.signup_opens_at or activity.published_at


def signup_closes(activity: Activity) -> dt.datetime:
    closes = activity.signup_closes_at or activity.starts_at
    return min(closes, activity.starts_at)


def cancel_deadline(activity: Activity) -> dt.datetime:
    return activity.cancel_cutoff or activity.starts_at


def signup_refusal(activity: Activity, now: dt.datetime | None = None) -> str:
    """Why nobody may sign up for `activity` now ("" when the window is open)."""
    now = now or timezone.now()
    if activity.status != ActivityStatus.PUBLISHED:
        return f"活动{activity.get_status_display()}，不能报名"
    if not activity.signup_required:
        return "本活动无需报名，按时参加即可"
    opens = activity.signup_opens_at
    if opens is not None and now < opens:
        return f"报名尚未开始（{_when(opens)} 开始报名）"
    if now >= signup_closes(activity):
        return f"报名已截止（截止时间 {_when(signup_closes(activity))}）"
    return ""


def confirmed_count(activity: Activity) -> int:
    return Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()


def places_left(activity: Activity, confirmed: int | None = None) -> int | None:
    """Places not yet taken (None: no limit)."""
    if activity.capacity is None:
        return None
    taken = confirmed_count(activity) if confirmed is None else confirmed
    return max(0, activity.capacity - taken)


def registration_counts(activity: Activity) -> dict[str, int]:
    """The number of registrations per status (every status present, 0 when none)."""
    found = dict(
        Registration.objects.filter(activity=activity)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in RegistrationStatus.values}


# --- the organiser's side ---------------------------------------------------------------------------------------


def activity_for(user: Any, activity_id: int, *, demand: str | None = None) -> Activity:
    """One activity the user sees (else 404); `demand` (activities.manage) on its union, else 403."""
    return Activity.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=demand, pk=activity_id
    )


def registration_for(
    user: Any, activity: Activity, registration_id: int, *, demand: str | None = None
) -> Registration:
    return Registration.objects.select_related("member", "member__org", "activity").get_visible_or_404(
        user, VIEW, demand=demand, pk=registration_id, activity=activity
    )


def can_manage_activity(user: Any, activity: Activity) -> bool:
    return has_action(user, MANAGE, activity.org)


@dataclass(frozen=True)
class RegistrationFilters:
    q: str = ""
    status: str = ""

    def any(self) -> bool:
        return bool(self.q or self.status)


def registration_filters(params: Any) -> RegistrationFilters:
    status = str(params.get("status") or "")
    return RegistrationFilters(
        q=str(params.get("q") or "").strip()[:50],
        status=status if status in RegistrationStatus.values else "",
    )


def registrations_for(user: Any, activity: Activity, filters: RegistrationFilters) -> QuerySet[Registration]:
    """The activity's registrations the user sees, filtered; oldest first (the order they came in)."""
    qs = (
        Registration.objects.visible_to(user, VIEW)
        .filter(activity=activity)
        .select_related("member", "member__org", "decided_by")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(
            Q(member__name__icontains=filters.q)
            | Q(member__member_number__icontains=filters.q)
            | Q(number__icontains=filters.q)
        )
    return qs.order_by("created_at", "pk")


def waiting_list(activity: Activity) -> QuerySet[Registration]:
    """The waiting list in queue order (the first is promoted when a place frees)."""
    return (
        Registration.objects.filter(activity=activity, status=RegistrationStatus.WAITLISTED)
        .select_related("member", "member__org")
        .order_by("queued_at", "created_at", "pk")
    )


def waitlist_position(row: Registration) -> int | None:
    """Where a waitlisted registration stands in the queue (1 = the next promoted); None when not waiting."""
    if row.status != RegistrationStatus.WAITLISTED or row.queued_at is None:
        return None
    ahead = Registration.objects.filter(
        activity_id=row.activity_id, status=RegistrationStatus.WAITLISTED
    ).filter(Q(queued_at__lt=row.queued_at) | Q(queued_at=row.queued_at, pk__lt=row.pk))
    return ahead.count() + 1


def activity_panel(user: Any, activity: Activity) -> dict[str, Any] | None:
    """The 报名 card of the activity page: counts and the link to the list (for those who see the activity)."""
    if not has_action(user, VIEW, activity.org) or not activity.signup_required:
        return None
    counts = registration_counts(activity)
    return {
        "activity": activity,
        "counts": counts,
        "confirmed": counts[RegistrationStatus.CONFIRMED],
        "waitlisted": counts[RegistrationStatus.WAITLISTED],
        "pending": counts[RegistrationStatus.PENDING],
        "places_left": places_left(activity, counts[RegistrationStatus.CONFIRMED]),
        "url": reverse("activities:registrations", args=[activity.pk]),
        "refusal": signup_refusal(activity),
    }


# --- the member's side ------------------------------------------------------------------------------------------


def upcoming_for_member(member: Member, *, now: dt.datetime | None = None) -> list[Activity]:
    """Published activities not yet ended, of the member's unions (theirs and every one above), that the
    activity's audience admits; soonest first."""
    now = now or timezone.now()
    candidates = (
        Activity.objects.filter(
            status=ActivityStatus.PUBLISHED, ends_at__gt=now, org__path__in=member.org.ancestor_paths()
        )
        .select_related("org")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
        )
        .order_by("starts_at", "pk")
    )
    return [activity for activity in candidates if audience_admits(activity, member)]


def open_for_member(member: Member, *, now: dt.datetime | None = None) -> list[Activity]:
    """The activities the member may sign up for now (the window open, the audience admitting them)."""
    now = now or timezone.now()
    return [a for a in upcoming_for_member(member, now=now) if not signup_refusal(a, now)]


def activity_for_member_or_404(member: Member, public_id: Any) -> Activity:
    """A published activity of one of the member's unions that admits them (else 404)."""
    try:
        activity = (
            Activity.objects.select_related("org")
            .filter(status__in=(ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED))
            .get(public_id=public_id, org__path__in=member.org.ancestor_paths())
        )
    except (Activity.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    mine = Registration.objects.filter(activity=activity, member=member).exists()
    if not mine and (activity.status != ActivityStatus.PUBLISHED or not audience_admits(activity, member)):
        raise Http404
    return activity


def my_statuses(member: Member, activities: list[Activity]) -> dict[int, str]:
    """The member's own registration state per activity among `activities` (one query; absent: not signed up)."""
    return dict(
        Registration.objects.filter(member=member, activity__in=activities).values_list(
            "activity_id", "status"
        )
    )


def registration_of(activity: Activity, member: Member) -> Registration | None:
    return Registration.objects.filter(activity=activity, member=member).first()


def my_registrations(member: Member) -> list[tuple[Registration, Attendance | None]]:
    """The member's registrations, latest activity first, each with their attendance (two queries)."""
    rows = list(
        Registration.objects.filter(member=member)
        .select_related("activity", "activity__org")
        .order_by("-activity__starts_at", "-pk")
    )
    attended = {
        a.activity_id: a
        for a in Attendance.objects.filter(member=member, activity_id__in=[r.activity_id for r in rows])
    }
    return [(row, attended.get(row.activity_id)) for row in rows]


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: the member's registrations with their state (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        Registration.objects.filter(member__user=user)
        .select_related("activity")
        .order_by("-created_at", "-pk")
    )
    return [
        MemberRequest(
            kind="活动报名",
            title=row.activity.title,
            status=row.get_status_display(),
            url=reverse("activities_portal:receipt", args=[row.activity.public_id]),
            submitted_at=row.created_at,
            next_step=NEXT_STEPS.get(row.status, "") if row.status in LIVE_REGISTRATION_STATUSES else "",
        )
        for row in rows
    ]


def my_upcoming_card(user: Any) -> list[PortalCardItem]:
    """The portal home's card: upcoming activities the member signed up for (or waits for)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        Registration.objects.filter(
            member__user=user,
            status__in=LIVE_REGISTRATION_STATUSES,
            activity__status=ActivityStatus.PUBLISHED,
            activity__ends_at__gt=timezone.now(),
        )
        .select_related("activity")
        .order_by("activity__starts_at", "pk")[:5]
    )
    return [
        PortalCardItem(
            title=f"{row.activity.title}（{row.get_status_display()}）",
            url=reverse("activities_portal:receipt", args=[row.activity.public_id]),
            detail=f"{_when(row.activity.starts_at)} · {row.activity.place}",
            icon="calendar-event",
        )
        for row in rows
    ]
