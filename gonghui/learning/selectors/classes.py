"""Reads of 干部培训班 (part `classes`): the classes a cadre sees (their unions' own, and the classes above that
gave their unions seats), a class's sessions, trainees and attendance table, the nominating union's allocations and
candidates, the check-in target's callbacks, the member's 我的培训班, and the yearly hours report (课时学时 from
StudyRecord, 结课学时 from CourseCompletion, 培训班学时 from Trainee) per cadre and per union in a constant number
of queries."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.checkins.models import CheckIn
from gonghui.core.statistics import shown_count
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import quota_tree, set_summary

from ..choices import ClassStatus, TraineeStatus
from ..models import CourseCompletion, StudyRecord, Trainee, TrainingClass, TrainingSession
from ..permissions import MANAGE, VIEW

ZERO = Decimal("0")
CERTIFICATE_KIND = "learning.class"
CHECKIN_KIND = "learning.session"
CHECKIN_MARGIN = dt.timedelta(minutes=30)  # check-ins open half an hour before a session and close after it
LIVE = (TraineeStatus.NOMINATED, TraineeStatus.ADMITTED)


# --- classes ------------------------------------------------------------------------------------------------
def classes_for_user(user: Any) -> QuerySet[TrainingClass]:
    """The classes of the user's unions, and the classes above that allocated seats to one of their unions."""
    own = TrainingClass.objects.visible_to(user, VIEW).values("pk")
    seated = QuotaAllocation.objects.filter(org__in=Org.objects.visible_to(user, VIEW)).values("quota_set_id")
    return TrainingClass.objects.filter(Q(pk__in=own) | Q(quota_set_id__in=seated)).select_related("org")


def class_list(
    user: Any, *, query: str = "", year: int | None = None, status: str = ""
) -> QuerySet[TrainingClass]:
    classes = classes_for_user(user)
    if query:
        classes = classes.filter(Q(title__icontains=query) | Q(place__icontains=query))
    if year:
        classes = classes.filter(year=year)
    if status:
        classes = classes.filter(status=status)
    return classes.annotate(
        session_count=Count("sessions", distinct=True),
        live_count=Count("trainees", filter=Q(trainees__status__in=LIVE), distinct=True),
    ).order_by("-starts_on", "-pk")


def class_years(user: Any) -> list[int]:
    this_year = timezone.localdate().year
    years = set(classes_for_user(user).values_list("year", flat=True)) | {this_year}
    return sorted(years, reverse=True)


def class_for(user: Any, public_id: Any) -> TrainingClass:
    try:
        return classes_for_user(user).get(public_id=public_id)
    except (TrainingClass.DoesNotExist, ValueError):
        raise Http404 from None


def can_manage_class(user: Any, training_class: TrainingClass) -> bool:
    return has_action(user, MANAGE, training_class.org)


def class_seats(training_class: TrainingClass) -> Any:
    return set_summary(training_class.quota_set) if training_class.quota_set is not None else None


@dataclass
class AllocationView:
    allocation: QuotaAllocation
    remaining: int


def my_allocations(user: Any, training_class: TrainingClass) -> list[AllocationView]:
    """The class's allocations to unions where the user may nominate (learning.manage)."""
    if training_class.quota_set_id is None:
        return []
    allocations = (
        QuotaAllocation.objects.visible_to(user, MANAGE)
        .filter(quota_set_id=training_class.quota_set_id)
        .select_related("org", "quota_set")
        .order_by("org__path")
    )
    if not allocations:
        return []
    # every allocation's free places at once (three queries), not two or three per allocation
    remaining = {row.allocation.pk: row.remaining for row in quota_tree(allocations[0].quota_set)}
    return [AllocationView(a, remaining[a.pk]) for a in allocations]


def may_nominate(user: Any, training_class: TrainingClass) -> bool:
    return training_class.status == ClassStatus.NOMINATING and bool(my_allocations(user, training_class))


def trainees_for(user: Any, training_class: TrainingClass) -> QuerySet[Trainee]:
    """The trainees the user reads: the organiser all of them (every nominating union is below the class's
    union), a union given seats the nominations of its subtree."""
    return (
        Trainee.objects.visible_to(user, VIEW)
        .filter(training_class=training_class)
        .select_related("member", "member__org", "org", "certificate")
        .order_by("org__path", "pk")
    )


def trainee_for(user: Any, trainee_id: int) -> Trainee:
    """A trainee row the user may act on: the organiser's or the nominating union's (their subtree)."""
    return Trainee.objects.select_related(
        "training_class", "training_class__org", "org", "member"
    ).get_visible_or_404(user, VIEW, pk=trainee_id)


def candidates(user: Any, allocation: QuotaAllocation, *, query: str = "") -> QuerySet[Member]:
    """Members of the allocation's union and below (holding membership) the user may nominate."""
    members = Member.objects.visible_to(user, MANAGE).filter(
        org__path__startswith=allocation.org.path, status__in=HOLDING_STATUSES
    )
    if query:
        members = members.filter(
            Q(name__icontains=query) | Q(member_number=query) | Q(phone=query) | Q(org__name__icontains=query)
        )
    return members.select_related("org").order_by("org__path", "name", "pk")


def candidates_to_list(user: Any, allocation: QuotaAllocation, *, query: str = "") -> QuerySet[Member]:
    """The nomination page's list: the candidates less those already nominated to the allocation's class (its quota
    set belongs to the class); a second nomination posted anyway gets the service's clear refusal."""
    taken = Trainee.objects.filter(training_class__quota_set_id=allocation.quota_set_id).exclude(
        status=TraineeStatus.WITHDRAWN
    )
    return candidates(user, allocation, query=query).exclude(pk__in=taken.values("member_id"))


def candidate_for(user: Any, allocation: QuotaAllocation, public_id: Any) -> Member | None:
    try:
        return candidates(user, allocation).filter(public_id=public_id).first()
    except (ValueError, ValidationError):  # a malformed id is "not found"
        return None


# --- sessions and attendance --------------------------------------------------------------------------------
def sessions_of(training_class: TrainingClass) -> QuerySet[TrainingSession]:
    return training_class.sessions.order_by("starts_at", "pk")


def session_for(user: Any, public_id: Any, *, demand: str | None = None) -> TrainingSession:
    return TrainingSession.objects.select_related("training_class", "training_class__org").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def session_window(session: TrainingSession) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - CHECKIN_MARGIN, session.ends_at + CHECKIN_MARGIN


def session_admits(member: Any, session: TrainingSession) -> bool:
    return Trainee.objects.filter(
        training_class_id=session.training_class_id, member_id=member.pk, status=TraineeStatus.ADMITTED
    ).exists()


def session_can_scan(user: Any, session: TrainingSession) -> bool:
    return has_action(user, MANAGE, session.training_class.org)


def session_checkins(session: TrainingSession) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk).select_related(
        "member", "member__org"
    )


def admitted_member_by_public_id(session: TrainingSession, public_id: str) -> Member | None:
    trainee = (
        Trainee.objects.filter(
            training_class_id=session.training_class_id,
            status=TraineeStatus.ADMITTED,
            member__public_id=public_id,
        )
        .select_related("member", "member__org")
        .first()
        if public_id
        else None
    )
    return trainee.member if trainee else None


def admitted_member_by_number(session: TrainingSession, number: str) -> Member | None:
    """The admitted trainee with this member number or card number (nobody else: a scanner learns nothing of
    other people)."""
    number = number.strip()
    if not number:
        return None
    trainee = (
        Trainee.objects.filter(training_class_id=session.training_class_id, status=TraineeStatus.ADMITTED)
        .filter(Q(member__member_number=number) | Q(member__card_number=number))
        .select_related("member", "member__org")
        .first()
    )
    return trainee.member if trainee else None


@dataclass
class AttendanceTable:
    sessions: list[TrainingSession]
    rows: list[tuple[Trainee, list[bool]]] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)


def attendance_table(user: Any, training_class: TrainingClass) -> AttendanceTable:
    """Sessions × admitted trainees: who checked in to which session (three queries)."""
    sessions = list(sessions_of(training_class))
    trainees = list(trainees_for(user, training_class).filter(status=TraineeStatus.ADMITTED))
    seen = set(
        CheckIn.objects.filter(
            target_kind=CHECKIN_KIND,
            target_id__in=[s.pk for s in sessions],
            member_id__in=[t.member_id for t in trainees],
        ).values_list("target_id", "member_id")
    )
    rows = [(t, [(s.pk, t.member_id) in seen for s in sessions]) for t in trainees]
    counts = [sum(1 for _t, marks in rows if marks[i]) for i in range(len(sessions))]
    return AttendanceTable(sessions=sessions, rows=rows, counts=counts)


def trainee_hours_of(trainee: Trainee) -> Decimal:
    """The hours of the class's sessions the trainee checked in to."""
    session_ids = CheckIn.objects.filter(
        target_kind=CHECKIN_KIND,
        member_id=trainee.member_id,
        target_id__in=TrainingSession.objects.filter(training_class_id=trainee.training_class_id).values(
            "pk"
        ),
    ).values("target_id")
    total = TrainingSession.objects.filter(pk__in=session_ids).aggregate(total=Sum("hours"))["total"]
    return total or ZERO


# --- the member's classes -----------------------------------------------------------------------------------
def my_trainees(member: Member) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(member=member)
        .exclude(status=TraineeStatus.WITHDRAWN)
        .exclude(training_class__status=ClassStatus.DRAFT)
        .select_related("training_class", "training_class__org", "certificate")
        .order_by("-training_class__starts_on", "-pk")
    )


def my_trainee(member: Member, public_id: Any) -> Trainee:
    trainee = my_trainees(member).filter(training_class__public_id=public_id).first()
    if trainee is None:
        raise Http404
    return trainee


def my_attended_session_ids(trainee: Trainee) -> set[int]:
    return set(
        CheckIn.objects.filter(
            target_kind=CHECKIN_KIND,
            member_id=trainee.member_id,
            target_id__in=trainee.training_class.sessions.values("pk"),
        ).values_list("target_id", flat=True)
    )


def my_classes_figure(user: Any) -> str | None:
    """我的's line: the classes 我的培训班 lists (a nominated member finds the page before admission too)."""
    count = (
        Trainee.objects.filter(member__user=user)
        .exclude(status=TraineeStatus.WITHDRAWN)
        .exclude(training_class__status=ClassStatus.DRAFT)
        .count()
    )
    return f"{count} 个培训班" if count else None


# --- the hours report ---------------------------------------------------------------------------------------
@dataclass
class HoursRow:
    key: int
    name: str
    org: str
    lessons: Decimal = ZERO
    courses: Decimal = ZERO
    classes: Decimal = ZERO
    people: set[int] = field(default_factory=set)

    @property
    def total(self) -> Decimal:
        return self.lessons + self.courses + self.classes

    @property
    def people_shown(self) -> str:
        return shown_count(len(self.people))


def _grouped(
    queryset: QuerySet[Any], year: int, year_field: str, root: Org | None
) -> Iterable[dict[str, Any]]:
    queryset = queryset.filter(**{year_field: year})
    if root is not None:
        queryset = queryset.filter(org__path__startswith=root.path)
    grouped: Iterable[dict[str, Any]] = (
        queryset.order_by().values("member_id", "org_id").annotate(total=Sum("hours"))
    )
    return grouped


def hours_by_member_org(
    user: Any, *, year: int, root: Org | None = None
) -> list[tuple[int, int, str, Decimal]]:
    """(member id, union id, column, hours) for the year within the user's subtrees (three queries)."""
    sources = (
        ("lessons", _grouped(StudyRecord.objects.visible_to(user, VIEW), year, "credited_at__year", root)),
        (
            "courses",
            _grouped(CourseCompletion.objects.visible_to(user, VIEW), year, "completed_at__year", root),
        ),
        (
            "classes",
            _grouped(
                Trainee.objects.visible_to(user, VIEW).filter(status=TraineeStatus.ADMITTED),
                year,
                "training_class__year",
                root,
            ),
        ),
    )
    return [
        (row["member_id"], row["org_id"], column, row["total"] or ZERO)
        for column, queryset in sources
        for row in queryset
    ]


def hours_by_cadre(user: Any, *, year: int, root: Org | None = None) -> list[HoursRow]:
    """One row per person with hours that year, most hours first (four queries)."""
    rows: dict[int, HoursRow] = {}
    for member_id, _org_id, column, hours in hours_by_member_org(user, year=year, root=root):
        row = rows.setdefault(member_id, HoursRow(key=member_id, name="", org=""))
        setattr(row, column, getattr(row, column) + hours)
    members = Member.objects.filter(pk__in=list(rows)).select_related("org").only("name", "org__name")
    for member in members:
        rows[member.pk].name, rows[member.pk].org = member.name, member.org.name
    return sorted(rows.values(), key=lambda r: (-r.total, r.org, r.name))


def hours_by_union(user: Any, *, year: int, root: Org | None = None) -> list[HoursRow]:
    """One row per union (where the hours were earned): sums of hours, and the people as a shown count."""
    rows: dict[int, HoursRow] = {}
    for member_id, org_id, column, hours in hours_by_member_org(user, year=year, root=root):
        row = rows.setdefault(org_id, HoursRow(key=org_id, name="", org=""))
        setattr(row, column, getattr(row, column) + hours)
        row.people.add(member_id)
    orgs = Org.objects.filter(pk__in=list(rows)).only("name", "path")
    paths = {}
    for org in orgs:
        rows[org.pk].name = org.name
        paths[org.pk] = org.path
    return sorted(rows.values(), key=lambda r: paths.get(r.key, ""))


def report_unions(user: Any) -> QuerySet[Org]:
    return Org.objects.visible_to(user, VIEW).order_by("path")
