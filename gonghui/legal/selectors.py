"""Reads of 法律服务. Cadres read through `visible_to` (their unions' subtrees); members read only their own
records; an outside lawyer reads only what is assigned to them; the FAQ shows published, anonymised answers
to every logged-in member."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor, AnonymousUser, Visitor
from gonghui.calendars.workdays import add_workdays
from gonghui.core.registry import MemberRequest
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from .choices import REVIEW_WORKDAYS, AidOutcome, AidStatus, ConsultationStatus
from .models import Consultation, Lawyer, LegalAidApplication
from .permissions import HANDLE, MANAGE_LAWYERS, VIEW

DUE_SOON_WORKDAYS = 3
CASE_RELATED = ("org", "member", "assigned_lawyer")


# --- who asks and where -----------------------------------------------------------------------------------


def member_target_orgs(member: Member) -> QuerySet[Org]:
    """The unions a member may address: their own union (the default) and the active unions above it."""
    return Org.objects.filter(path__in=member.org.ancestor_paths(), status=OrgStatus.ACTIVE).order_by(
        "-depth"
    )


def member_by_phone(org: Org, phone: str) -> Member | None:
    """The member of the union's subtree with this mobile number, so that a case a cadre records for them
    shows in their portal."""
    if not phone.strip():
        return None
    return (
        Member.objects.filter(
            phone=phone.strip(),
            org__path__startswith=org.path,
            status__in=HOLDING_STATUSES,
            user__isnull=False,
        )
        .order_by("id")
        .first()
    )


# --- 法律咨询 ---------------------------------------------------------------------------------------------


def consultation_list_for_user(
    *,
    user: Actor,
    status: str = "",
    category: str = "",
    query: str = "",
    within: Org | None = None,
) -> QuerySet[Consultation]:
    qs = Consultation.objects.visible_to(user, VIEW).select_related(*CASE_RELATED)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(title__icontains=query)
            | Q(question__icontains=query)
            | Q(asker_name__icontains=query)
        )
    return qs.order_by("-created_at", "-id")


def consultation_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> Consultation:
    return Consultation.objects.select_related(
        *CASE_RELATED, "answered_by", "assigned_lawyer__user"
    ).get_visible_or_404(user, VIEW, demand=action, public_id=public_id)


def consultation_list_for_member(*, member: Member) -> QuerySet[Consultation]:
    return Consultation.objects.filter(member=member).select_related("org").order_by("-created_at", "-id")


def consultation_get_for_member(*, member: Member, public_id: Any) -> Consultation:
    found = consultation_list_for_member(member=member).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def faq_list(*, query: str = "", category: str = "") -> QuerySet[Consultation]:
    """Published answers; only the anonymised fields are loaded (never the asker, their phone or union)."""
    qs = Consultation.objects.filter(status=ConsultationStatus.PUBLISHED, publish_consent=True)
    if category:
        qs = qs.filter(category=category)
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(published_title__icontains=word)
            | Q(published_question__icontains=word)
            | Q(published_answer__icontains=word)
        )
    return qs.only(
        "public_id", "category", "published_title", "published_question", "published_answer", "published_at"
    ).order_by("-published_at", "-id")


def faq_get(*, public_id: Any) -> Consultation:
    found = faq_list().filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


# --- 法律援助申请 -----------------------------------------------------------------------------------------


def aid_list_for_user(
    *,
    user: Actor,
    status: str = "",
    dispute_type: str = "",
    outcome: str = "",
    query: str = "",
    overdue: bool = False,
    within: Org | None = None,
    today: dt.date | None = None,
) -> QuerySet[LegalAidApplication]:
    qs = LegalAidApplication.objects.visible_to(user, VIEW).select_related(*CASE_RELATED)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if dispute_type:
        qs = qs.filter(dispute_type=dispute_type)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if overdue:
        qs = qs.filter(status=AidStatus.SUBMITTED, review_due_on__lt=today or timezone.localdate())
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(applicant_name__icontains=query)
            | Q(opposing_party__icontains=query)
            | Q(facts__icontains=query)
        )
    return qs.order_by("-created_at", "-id")


def aid_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> LegalAidApplication:
    return LegalAidApplication.objects.select_related(
        *CASE_RELATED, "reviewed_by", "assigned_lawyer__user"
    ).get_visible_or_404(user, VIEW, demand=action, public_id=public_id)


def aid_list_for_member(*, member: Member) -> QuerySet[LegalAidApplication]:
    return (
        LegalAidApplication.objects.filter(member=member)
        .select_related("org", "assigned_lawyer")
        .order_by("-created_at", "-id")
    )


def aid_get_for_member(*, member: Member, public_id: Any) -> LegalAidApplication:
    found = aid_list_for_member(member=member).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def review_due_date(submitted_on: dt.date) -> dt.date:
    """The review is due on the 10th working day after the application."""
    return add_workdays(submitted_on, REVIEW_WORKDAYS)


def aid_review_state(application: LegalAidApplication, today: dt.date | None = None) -> str:
    """ "overdue", "due_soon" (within 3 calendar days) or "" for an application still under review."""
    if application.status != AidStatus.SUBMITTED:
        return ""
    day = today or timezone.localdate()
    if day > application.review_due_on:
        return "overdue"
    if (application.review_due_on - day).days <= DUE_SOON_WORKDAYS:
        return "due_soon"
    return ""


def aid_pending_count(*, user: Actor, org: Any) -> int:
    qs = LegalAidApplication.objects.visible_to(user, HANDLE).filter(status=AidStatus.SUBMITTED)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.count()


# --- assigned to an outside lawyer --------------------------------------------------------------------------


def assigned_consultations(*, user: Actor) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(assigned_lawyer__user=user)
        .select_related("org", "assigned_lawyer")
        .order_by("-created_at", "-id")
    )


def assigned_applications(*, user: Actor) -> QuerySet[LegalAidApplication]:
    return (
        LegalAidApplication.objects.filter(assigned_lawyer__user=user)
        .select_related("org", "assigned_lawyer")
        .order_by("-created_at", "-id")
    )


def assigned_consultation_get(*, user: Actor, public_id: Any) -> Consultation:
    found = assigned_consultations(user=user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def assigned_application_get(*, user: Actor, public_id: Any) -> LegalAidApplication:
    found = assigned_applications(user=user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


# --- 律师库 -----------------------------------------------------------------------------------------------


def lawyer_list_for_user(
    *, user: Actor, query: str = "", active: bool | None = None, within: Org | None = None
) -> QuerySet[Lawyer]:
    qs = Lawyer.objects.visible_to(user, VIEW).select_related("org", "user")
    if within is not None:
        qs = qs.filter(Q(org__path__startswith=within.path) | Q(pk__in=lawyers_available_for(within)))
    if active is not None:
        qs = qs.filter(active=active)
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(firm__icontains=query)
            | Q(specialties__icontains=query)
            | Q(licence_number=query)
        )
    return qs.order_by("-active", "org__path", "name", "id")


def lawyer_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> Lawyer:
    """A lawyer of the user's 律师库 or of a union above (shared down: readable, not manageable, below)."""
    if action == VIEW:
        return Lawyer.objects.select_related("org", "user").get_visible_or_404(
            user, VIEW, public_id=public_id
        )
    return Lawyer.objects.select_related("org", "user").get_visible_or_404(
        user, VIEW, demand=action, public_id=public_id
    )


def lawyers_available_for(org: Org) -> QuerySet[Lawyer]:
    """Active lawyers registered by the union or a union above it."""
    return (
        Lawyer.objects.filter(org__path__in=org.ancestor_paths(), active=True)
        .select_related("org")
        .order_by("name", "id")
    )


def lawyer_usable_for(lawyer: Lawyer, org: Org) -> bool:
    """A lawyer serves the union that registered them and every union below it, while in the 律师库."""
    return lawyer.active and org.path.startswith(lawyer.org.path)


def lawyer_registry_orgs(*, user: Actor) -> QuerySet[Org]:
    """Unions whose 律师库 the user manages."""
    return Org.objects.visible_to(user, MANAGE_LAWYERS).filter(status="active").order_by("path")


def handler_orgs(*, user: Actor) -> QuerySet[Org]:
    """Unions for which the user records consultations and applications."""
    return Org.objects.visible_to(user, HANDLE).filter(status="active").order_by("path")


# --- statistics -------------------------------------------------------------------------------------------


@dataclass
class LegalFigures:
    """Counts and amounts of one slice (a month, a child union) of the statistics."""

    consultations: int = 0
    applications: int = 0
    closed: int = 0
    amount_involved: Decimal = Decimal("0")
    amount_recovered: Decimal = Decimal("0")


@dataclass
class LegalRow:
    key: str
    label: str
    figures: LegalFigures
    org: Org | None = None


@dataclass
class LegalStatistics:
    """Counts and sums of one scope (and optionally one period) for the statistics page and the evaluation
    module; `by_org` holds the direct children of `root` (the drill-down), `own` the root's own cases."""

    consultations_by_status: dict[str, int] = field(default_factory=dict)
    applications_by_status: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    amount_involved: Decimal = Decimal("0")
    amount_recovered: Decimal = Decimal("0")
    reviewed: int = 0
    average_review_workdays: float | None = None
    overdue_now: int = 0
    reviewed_late: int = 0
    root: Org | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    by_month: list[LegalRow] = field(default_factory=list)
    by_org: list[LegalRow] = field(default_factory=list)
    own: LegalFigures = field(default_factory=LegalFigures)

    @property
    def consultations(self) -> int:
        return sum(self.consultations_by_status.values())

    @property
    def applications(self) -> int:
        return sum(self.applications_by_status.values())


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def legal_statistics(
    *,
    user: Actor,
    within: Org | None = None,
    year: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> LegalStatistics:
    """Per state and outcome counts, amounts, average review time in working days and overdue reviews, by month
    and by direct child union of `within` (the drill-down), in a constant number of queries (seven with
    `within`, six without). Consultations count by their creation date, applications by their submission
    date; `year` is a shorthand for 1 January to 31 December of that year."""
    if year is not None and start is None and end is None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    consultations = Consultation.objects.visible_to(user, VIEW)
    applications = LegalAidApplication.objects.visible_to(user, VIEW)
    if within is not None:
        consultations = consultations.filter(org__path__startswith=within.path)
        applications = applications.filter(org__path__startswith=within.path)
    if start is not None:
        consultations = consultations.filter(created_at__date__gte=start)
        applications = applications.filter(submitted_on__gte=start)
    if end is not None:
        consultations = consultations.filter(created_at__date__lte=end)
        applications = applications.filter(submitted_on__lte=end)
    stats = LegalStatistics(root=within, start=start, end=end)
    counts = dict(consultations.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    stats.consultations_by_status = {s: counts.get(s, 0) for s in ConsultationStatus.values}
    counts = dict(applications.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    stats.applications_by_status = {s: counts.get(s, 0) for s in AidStatus.values}
    counts = dict(
        applications.exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    stats.outcomes = {o: counts.get(o, 0) for o in AidOutcome.values}
    sums = applications.aggregate(
        involved=Sum("amount_involved"),
        recovered=Sum("amount_recovered"),
        review_total=Sum("review_workdays"),
        reviewed=Count("id", filter=Q(review_workdays__isnull=False)),
        late=Count("id", filter=Q(reviewed_at__isnull=False, review_workdays__gt=REVIEW_WORKDAYS)),
        overdue=Count(
            "id", filter=Q(status=AidStatus.SUBMITTED, review_due_on__lt=today or timezone.localdate())
        ),
    )
    stats.amount_involved = sums["involved"] or Decimal("0")
    stats.amount_recovered = sums["recovered"] or Decimal("0")
    stats.reviewed = sums["reviewed"]
    if sums["reviewed"]:
        stats.average_review_workdays = round(sums["review_total"] / sums["reviewed"], 1)
    stats.overdue_now = sums["overdue"]
    stats.reviewed_late = sums["late"]
    _breakdowns(stats, consultations, applications)
    return stats


def _breakdowns(
    stats: LegalStatistics,
    consultations: QuerySet[Consultation],
    applications: QuerySet[LegalAidApplication],
) -> None:
    """Fill `by_month`, `by_org` and `own`: two grouped queries, plus one for the root's children. The rows are
    grouped in the database by month and by the path prefix of the root's child (the root's own cases keep their
    shorter path), so their number is bounded by months × children, whatever the number of cases or unions."""
    root = stats.root
    child_len = len(root.path) + Org.steplen if root is not None else 0
    by_month: dict[str, LegalFigures] = {}
    by_org: dict[str, LegalFigures] = {}
    prefix = Substr("org__path", 1, child_len) if root is not None else Value("", output_field=CharField())

    def slices(path: str, month: Any) -> list[LegalFigures]:
        found = [by_month.setdefault(f"{month:%Y-%m}", LegalFigures())]
        if root is not None:
            if len(path) >= child_len:
                found.append(by_org.setdefault(path, LegalFigures()))
            else:
                found.append(stats.own)
        return found

    rows = (
        consultations.annotate(month=TruncMonth("created_at"), prefix=prefix)
        .values("prefix", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for figures in slices(row["prefix"], row["month"]):
            figures.consultations += row["n"]
    aid_rows = (
        applications.annotate(month=TruncMonth("submitted_on"), prefix=prefix)
        .values("prefix", "month")
        .annotate(
            n=Count("id"),
            closed=Count("id", filter=Q(status=AidStatus.CLOSED)),
            involved=Sum("amount_involved"),
            recovered=Sum("amount_recovered"),
        )
        .order_by()
    )
    for aid in aid_rows:
        for figures in slices(aid["prefix"], aid["month"]):
            figures.applications += aid["n"]
            figures.closed += aid["closed"]
            figures.amount_involved += aid["involved"] or Decimal("0")
            figures.amount_recovered += aid["recovered"] or Decimal("0")
    if stats.start is not None and stats.end is not None:
        months = _months(stats.start, stats.end)
    else:
        months = sorted(by_month)
    stats.by_month = [LegalRow(key=m, label=m, figures=by_month.get(m, LegalFigures())) for m in months]
    if root is not None:
        children = Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path")
        stats.by_org = [
            LegalRow(
                key=c.code,
                label=c.short_name or c.name,
                figures=by_org.get(c.path, LegalFigures()),
                org=c,
            )
            for c in children
        ]


def org_name_for_file(*, code: str) -> str:
    """A union's name for an export's file name ("" when unknown). Not scoped: the statistics exporter asks only
    after it has resolved the union through `org_statistics_root_for_user`."""
    if not code:
        return ""
    return Org.objects.filter(code=code).values_list("name", flat=True).first() or ""


# --- the member portal's 我的办理 (`core.registry.member_requests`) ------------------------------------------


def consultation_requests_for_user(user: Visitor) -> list[MemberRequest]:
    """The user's own 法律咨询 (through their member record), newest first, in one query."""
    if isinstance(user, AnonymousUser):
        return []
    rows = Consultation.objects.filter(member__user=user).order_by("-created_at", "-id")
    return [
        MemberRequest(
            kind="法律咨询",
            title=c.title,
            status=c.get_status_display(),
            url=reverse("legal:my_consultation", args=[c.public_id]),
            submitted_at=c.created_at,
        )
        for c in rows
    ]


def aid_requests_for_user(user: Visitor) -> list[MemberRequest]:
    """The user's own 法律援助 applications, newest first, in one query."""
    if isinstance(user, AnonymousUser):
        return []
    rows = LegalAidApplication.objects.filter(member__user=user).order_by("-created_at", "-id")
    return [
        MemberRequest(
            kind="法律援助",
            title=f"{a.get_dispute_type_display()}（对方：{a.opposing_party}）",
            status=a.get_status_display(),
            url=reverse("legal:my_application", args=[a.public_id]),
            submitted_at=a.created_at,
        )
        for a in rows
    ]
