"""Reads of part volunteers (志愿服务): teams, projects and records the user sees (scoped through `visible_to`),
the yearly totals per volunteer and per team (only COUNTED records count anywhere; travel is never summed), a
volunteer's record page, and the member's own figures, records, notes and 证明 for the portal."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format

from gonghui.accounts.actors import Actor
from gonghui.core.registry import MemberRequest
from gonghui.core.timeline import timeline_for
from gonghui.members.models import Member
from gonghui.notices.choices import NoticeStatus
from gonghui.orgs.models import Org

from ..choices import ActivityStatus, ProofStatus, ServiceRecordStatus
from ..models import (
    Activity,
    Attendance,
    ProofRequest,
    ServiceRecord,
    VolunteerMembership,
    VolunteerNote,
    VolunteerProject,
    VolunteerTeam,
)
from ..permissions import MANAGE, VIEW, can_manage_for

STATUS_BADGES = {
    ServiceRecordStatus.DRAFT: "bg-secondary-lt",
    ServiceRecordStatus.PUBLICISED: "bg-azure-lt",
    ServiceRecordStatus.COUNTED: "bg-green-lt",
    ServiceRecordStatus.WITHDRAWN: "bg-red-lt",
}


@dataclass(frozen=True)
class TeamFilters:
    q: str = ""
    kind: str = ""
    org: int | None = None
    active: str = ""

    def any(self) -> bool:
        return bool(self.q or self.kind or self.org or self.active)


def team_list_for_user(user: Actor, filters: TeamFilters) -> QuerySet[VolunteerTeam]:
    qs = (
        VolunteerTeam.objects.visible_to(user, VIEW)
        .select_related("org", "leader")
        .annotate(
            volunteer_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True),
            project_count=Count("projects", distinct=True),
        )
    )
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(description__icontains=filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.org:
        org = Org.objects.filter(pk=filters.org).first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    if filters.active in ("1", "0"):
        qs = qs.filter(active=filters.active == "1")
    return qs.order_by("org__path", "name", "pk")


def team_orgs(user: Actor) -> QuerySet[Org]:
    """The unions the user may found teams for."""
    return Org.objects.visible_to(user, MANAGE).filter(status="active").order_by("path")


def visible_orgs(user: Actor) -> QuerySet[Org]:
    return Org.objects.visible_to(user, VIEW).order_by("path")


def team_for(user: Actor, team_id: int, *, demand: str | None = None) -> VolunteerTeam:
    return VolunteerTeam.objects.select_related("org", "leader").get_visible_or_404(
        user, VIEW, demand=demand, pk=team_id
    )


def project_for(user: Actor, project_id: int, *, demand: str | None = None) -> VolunteerProject:
    return VolunteerProject.objects.select_related("team__org", "activity", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, pk=project_id
    )


def record_for(user: Actor, record_id: int, *, demand: str | None = None) -> ServiceRecord:
    return ServiceRecord.objects.select_related("project__team__org", "member__org").get_visible_or_404(
        user, VIEW, demand=demand, pk=record_id
    )


def membership_for(user: Actor, membership_id: int, *, demand: str | None = None) -> VolunteerMembership:
    return VolunteerMembership.objects.select_related("team__org", "member__org").get_visible_or_404(
        user, VIEW, demand=demand, pk=membership_id
    )


def volunteer_for(user: Actor, public_id: Any) -> Member:
    """A member the user sees as a volunteer cadre (activities.view on the member's union)."""
    return Member.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)


def team_memberships(team: VolunteerTeam) -> QuerySet[VolunteerMembership]:
    return (
        VolunteerMembership.objects.filter(team=team)
        .select_related("member__org")
        .order_by("left_on", "member__name", "pk")
    )


def current_volunteers(team: VolunteerTeam) -> QuerySet[VolunteerMembership]:
    return team_memberships(team).filter(left_on__isnull=True)


def team_projects(team: VolunteerTeam) -> QuerySet[VolunteerProject]:
    return VolunteerProject.objects.filter(team=team).annotate(
        counted_hours=Sum("records__hours", filter=Q(records__status=ServiceRecordStatus.COUNTED)),
        record_count=Count("records", filter=~Q(records__status=ServiceRecordStatus.WITHDRAWN)),
    )


def project_records(project: VolunteerProject) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(project=project)
        .select_related("member__org", "notice_entry__notice")
        .order_by("-served_on", "member__name", "pk")
    )


def pending_records(project: VolunteerProject) -> QuerySet[ServiceRecord]:
    """The records waiting for a 公示: drafts, and records of a notice that was cancelled."""
    return ServiceRecord.objects.filter(project=project).filter(
        Q(status=ServiceRecordStatus.DRAFT)
        | Q(status=ServiceRecordStatus.PUBLICISED, notice_entry__notice__status=NoticeStatus.CANCELLED)
    )


def pending_list(project: VolunteerProject) -> list[ServiceRecord]:
    return list(
        pending_records(project).select_related("member__org").order_by("served_on", "member__name", "pk")
    )


def project_summary(project: VolunteerProject) -> dict[str, Any]:
    rows = (
        ServiceRecord.objects.filter(project=project).values("status").annotate(n=Count("pk"), h=Sum("hours"))
    )
    by_status: dict[str, tuple[int, Decimal]] = {row["status"]: (row["n"], row["h"]) for row in rows}
    return {
        status.value: {
            "label": status.label,
            "count": by_status.get(status.value, (0, Decimal("0")))[0],
            "hours": by_status.get(status.value, (0, Decimal("0")))[1] or Decimal("0"),
        }
        for status in ServiceRecordStatus
    }


# ---- records from an activity's attendance -------------------------------------------------------------------

HALF_HOUR = 1800
DAY_HOURS = Decimal("24")


def half_hours_down(seconds: float) -> Decimal:
    """A span in hours, rounded down to the half hour and capped at 24."""
    return min(Decimal(int(max(seconds, 0) // HALF_HOUR)) / 2, DAY_HOURS).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class AttendanceRow:
    """A volunteer who attended the linked activity and gets a record: `hours` and how they were found."""

    attendance: Attendance
    hours: Decimal
    basis: str


@dataclass(frozen=True)
class AttendanceSkip:
    attendance: Attendance
    reason: str


@dataclass(frozen=True)
class AttendancePlan:
    """What 按活动签到生成服务记录 would write now: `problem` says why nothing can be generated at all."""

    activity: Activity | None
    served_on: dt.date | None
    rows: list[AttendanceRow] = field(default_factory=list)
    skipped: list[AttendanceSkip] = field(default_factory=list)
    problem: str = ""


def _plan_problem(project: VolunteerProject, activity: Activity | None, served_on: dt.date | None) -> str:
    if activity is None or served_on is None:
        return "本项目没有关联活动：请先在“修改项目”中选择关联活动"
    if activity.status == ActivityStatus.CANCELLED:
        return f"关联活动“{activity.title}”已取消，不能按签到生成服务记录"
    day = date_format(served_on, "Y年n月j日")
    if served_on > timezone.localdate():
        return f"关联活动在{day}举行，活动当天起才能按签到生成服务记录"
    if served_on < project.starts_on or (project.ends_on is not None and served_on > project.ends_on):
        return f"活动日期{day}不在项目起止日期之内，请先修改项目日期"
    return ""


def attendance_plan(project: VolunteerProject) -> AttendancePlan:
    """The members who attended the project's linked activity (签到 rows), split into those who get a DRAFT record
    for the activity's day (on the team that day, no record yet for that day) and those skipped with the reason.
    Hours: check-out minus check-in rounded down to the half hour when both exist, else the activity's scheduled
    duration (same rounding), at most 24; the journey is 0."""
    activity = Activity.objects.filter(pk=project.activity_id).first() if project.activity_id else None
    served_on = timezone.localdate(activity.starts_at) if activity is not None else None
    problem = _plan_problem(project, activity, served_on)
    if activity is None or served_on is None or problem:
        return AttendancePlan(activity, served_on, problem=problem)
    attendances = list(
        Attendance.objects.filter(activity=activity)
        .select_related("member__org")
        .order_by("member__name", "member_id")
    )
    member_ids = [a.member_id for a in attendances]
    on_team = set(
        VolunteerMembership.objects.filter(
            team_id=project.team_id, member_id__in=member_ids, joined_on__lte=served_on
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=served_on))
        .values_list("member_id", flat=True)
    )
    recorded = dict(
        ServiceRecord.objects.filter(
            project=project, served_on=served_on, member_id__in=member_ids
        ).values_list("member_id", "status")
    )
    scheduled = half_hours_down((activity.ends_at - activity.starts_at).total_seconds())
    plan = AttendancePlan(activity, served_on)
    for attendance in attendances:
        reason = ""
        if attendance.member_id not in on_team:
            reason = "活动当日不是本队志愿者"
        elif attendance.member_id in recorded:
            label = ServiceRecordStatus(recorded[attendance.member_id]).label
            reason = f"已有{date_format(served_on, 'n月j日')}的服务记录（{label}）"
        if reason:
            plan.skipped.append(AttendanceSkip(attendance, reason))
            continue
        if attendance.checked_out_at is not None and attendance.checked_out_at > attendance.checked_in_at:
            hours = half_hours_down((attendance.checked_out_at - attendance.checked_in_at).total_seconds())
            basis = "签到至签退"
        else:
            hours, basis = scheduled, "活动时长（未签退）"
        if hours <= 0:
            plan.skipped.append(AttendanceSkip(attendance, f"{basis}不足半小时"))
            continue
        plan.rows.append(AttendanceRow(attendance, hours, basis))
    return plan


def activity_choices(team: VolunteerTeam) -> QuerySet[Activity]:
    return Activity.objects.filter(org__path__startswith=team.org.path).order_by("-starts_at")[:200]  # type: ignore[return-value]


def timeline(subject: Any) -> Any:
    return timeline_for(subject)


def may_manage(user: Actor, org: Org) -> bool:
    return can_manage_for(user, org)


# ---- totals --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursFilters:
    year: int = field(default_factory=lambda: timezone.localdate().year)
    team: int | None = None
    org: int | None = None


def counted_for_user(user: Actor, filters: HoursFilters) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.visible_to(user, VIEW).filter(
        status=ServiceRecordStatus.COUNTED, served_on__year=filters.year
    )
    if filters.team:
        qs = qs.filter(project__team_id=filters.team)
    if filters.org:
        org = Org.objects.filter(pk=filters.org).first()
        qs = qs.filter(project__team__org__path__startswith=org.path) if org else qs.none()
    return qs


def hours_by_member(user: Actor, filters: HoursFilters) -> QuerySet[Any]:
    """One row per volunteer: name, union, counted hours of the year (travel never summed), records, days."""
    return (
        counted_for_user(user, filters)
        .values("member_id", "member__public_id", "member__name", "member__org__name")
        .annotate(hours=Sum("hours"), records=Count("pk"), days=Count("served_on", distinct=True))
        .order_by("-hours", "member__name", "member_id")
    )


def hours_by_team(user: Actor, filters: HoursFilters) -> QuerySet[Any]:
    return (
        counted_for_user(user, filters)
        .values("project__team_id", "project__team__name", "project__team__org__name")
        .annotate(hours=Sum("hours"), records=Count("pk"), volunteers=Count("member", distinct=True))
        .order_by("-hours", "project__team__name", "project__team_id")
    )


def hours_total(user: Actor, filters: HoursFilters) -> Decimal:
    return counted_for_user(user, filters).aggregate(total=Sum("hours"))["total"] or Decimal("0")


def visible_teams(user: Actor) -> QuerySet[VolunteerTeam]:
    return VolunteerTeam.objects.visible_to(user, VIEW).select_related("org").order_by("org__path", "name")


# ---- one volunteer (cadre's page) and the member's own -------------------------------------------------------


def volunteer_records(member: Member, user: Actor | None = None) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.visible_to(user, VIEW) if user is not None else ServiceRecord.objects.all()
    return qs.filter(member=member).select_related("project__team__org").order_by("-served_on", "-pk")


def volunteer_notes(member: Member, user: Actor | None = None) -> QuerySet[VolunteerNote]:
    qs = VolunteerNote.objects.visible_to(user, VIEW) if user is not None else VolunteerNote.objects.all()
    return qs.filter(member=member).select_related("org").order_by("-on_date", "-pk")


def volunteer_teams(member: Member, user: Actor | None = None) -> QuerySet[VolunteerMembership]:
    qs = (
        VolunteerMembership.objects.visible_to(user, VIEW)
        if user is not None
        else VolunteerMembership.objects.all()
    )
    return qs.filter(member=member).select_related("team__org").order_by("joined_on", "pk")


@dataclass(frozen=True)
class HourFigures:
    year: int
    counted: Decimal
    pending: Decimal
    total: Decimal


def hour_figures(member: Member, records: QuerySet[ServiceRecord] | None = None) -> HourFigures:
    """Counted hours this year, hours 公示中, counted hours of all years (journey never included)."""
    year = timezone.localdate().year
    qs = records if records is not None else ServiceRecord.objects.filter(member=member)
    sums = qs.aggregate(
        counted=Sum("hours", filter=Q(status=ServiceRecordStatus.COUNTED, served_on__year=year)),
        pending=Sum("hours", filter=Q(status=ServiceRecordStatus.PUBLICISED)),
        total=Sum("hours", filter=Q(status=ServiceRecordStatus.COUNTED)),
    )
    tenth = Decimal("0.1")
    return HourFigures(
        year,
        Decimal(sums["counted"] or 0).quantize(tenth),
        Decimal(sums["pending"] or 0).quantize(tenth),
        Decimal(sums["total"] or 0).quantize(tenth),
    )


def my_hours_figure(user: Actor) -> str | None:
    """The line on the member's 我的 page: counted hours this year (and those 公示中), one query; None when the
    member has never served."""
    figures = hour_figures(None, ServiceRecord.objects.filter(member__user=user))  # type: ignore[arg-type]
    if not (figures.total or figures.pending):
        return None
    text = f"本年已计入 {figures.counted} 小时"
    return f"{text}，公示中 {figures.pending} 小时" if figures.pending else text


def note_org_for(user: Actor, member: Member) -> Org | None:
    """The union nearest the member among those where the user manages volunteer service (records a note)."""
    orgs = [org for org in Org.objects.visible_to(user, MANAGE) if member.org.path.startswith(org.path)]
    return max(orgs, key=lambda org: len(org.path), default=None)


def proof_orgs(member: Member) -> QuerySet[Org]:
    """The unions whose teams the member is or was in: those who may issue them a 证明."""
    ids = VolunteerMembership.objects.filter(member=member).values("team__org_id")
    return Org.objects.filter(pk__in=ids).order_by("path")


def my_proofs(member: Member) -> QuerySet[ProofRequest]:
    return (
        ProofRequest.objects.filter(member=member)
        .select_related("org", "certificate")
        .order_by("-created_at")
    )


def my_proof_or_404(member: Member, public_id: Any) -> ProofRequest:
    from django.http import Http404

    try:
        return ProofRequest.objects.select_related("org", "certificate", "member").get(
            member=member, public_id=public_id
        )
    except (ProofRequest.DoesNotExist, ValueError):
        raise Http404 from None


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: the member's 证明 requests, in one query."""
    from django.urls import reverse

    rows = ProofRequest.objects.filter(member__user=user).select_related("org").order_by("-created_at")
    return [
        MemberRequest(
            kind="志愿服务证明",
            title=f"志愿服务记录证明（{proof.org.name}）",
            status=str(ProofStatus(proof.status).label),
            url=reverse("activities_portal:proof_receipt", args=[proof.public_id]),
            submitted_at=proof.created_at,
            next_step="下载证明" if proof.status == ProofStatus.ISSUED else "",
        )
        for proof in rows
    ]


def this_year_start() -> dt.date:
    return dt.date(timezone.localdate().year, 1, 1)
