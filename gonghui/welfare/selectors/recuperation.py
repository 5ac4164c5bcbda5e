"""Reads of 疗休养 (part `recuperation`): the programmes a cadre sees — those of their subtrees (`welfare.care_view`)
and those whose places were allocated into their subtrees (a county union nominates within the places the city gave
it) — one programme, its batches with counts, the quota tree (the whole tree for the programme's own union, the
user's own allocations' subtrees for a union below), the places a user sees (the programme's union sees all, a
nominating union those of its subtree), the candidates of a nomination with the priority rules applied, the member's
own places, and the report's counts.

Rules read here, written by `services.recuperation`:
- **attended** = a place ATTENDED, or CONFIRMED in a batch that has ended (the check-in may have been missed);
- **no repeat**: a member who attended a programme of year Y is refused by a programme of year P while
  P − no_repeat_years < Y ≤ P (three years: attended 2024 → refused in 2024–2026, allowed again in 2027);
- **front line** = tagged with the programme's `priority_tag` (members.MemberTag); front-line candidates are listed
  first."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import action_paths, has_action, scope_q
from gonghui.checkins.models import CheckIn
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import MemberRequest, PortalCardItem
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import (
    AllocationRow,
    active_uses_of,
    allocation_of,
    allocation_remaining,
    allocation_subtree,
    quota_tree,
    set_summary,
)

from ..choices import PlaceStatus, ProgrammeStatus
from ..models import RecuperationBatch, RecuperationPlace, RecuperationProgramme
from ..permissions import CARE_MANAGE, CARE_VIEW

LIVE_STATUSES = (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED, PlaceStatus.ATTENDED)
# a declined or cancelled place keeps its quota place until a substitute takes it
REPLACEABLE_STATUSES = (PlaceStatus.DECLINED, PlaceStatus.CANCELLED)
PLACE_BADGES = {
    PlaceStatus.NOMINATED: "bg-yellow-lt",
    PlaceStatus.CONFIRMED: "bg-green-lt",
    PlaceStatus.DECLINED: "bg-secondary-lt",
    PlaceStatus.CANCELLED: "bg-secondary-lt",
    PlaceStatus.SUBSTITUTED: "bg-secondary-lt",
    PlaceStatus.ATTENDED: "bg-blue-lt",
}
PROGRAMME_BADGES = {
    ProgrammeStatus.DRAFT: "bg-secondary-lt",
    ProgrammeStatus.NOMINATING: "bg-yellow-lt",
    ProgrammeStatus.RUNNING: "bg-green-lt",
    ProgrammeStatus.CLOSED: "bg-secondary-lt",
}


def int_param(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


# --- programmes ------------------------------------------------------------------------------------------------


def programmes_visible_to(user: Any, action: str = CARE_VIEW) -> QuerySet[RecuperationProgramme]:
    """Programmes of the user's subtrees, and those with places allocated into them (scoped by the allocation's
    union): a union below the programme's sees the programme it nominates for, never its siblings' places."""
    own = RecuperationProgramme.objects.visible_to(user, action).values("pk")
    allocated = QuotaAllocation.objects.visible_to(user, action).values("quota_set_id")
    return RecuperationProgramme.objects.filter(Q(pk__in=own) | Q(quota_set_id__in=allocated))


@dataclass(frozen=True)
class ProgrammeFilters:
    q: str = ""
    year: int | None = None
    status: str = ""

    def any(self) -> bool:
        return bool(self.q or self.year or self.status)


def programme_filters(params: Any) -> ProgrammeFilters:
    status = str(params.get("status") or "")
    return ProgrammeFilters(
        q=str(params.get("q") or "").strip()[:50],
        year=int_param(params.get("year")),
        status=status if status in ProgrammeStatus.values else "",
    )


def programme_list_for_user(user: Any, filters: ProgrammeFilters) -> QuerySet[RecuperationProgramme]:
    programmes = programmes_visible_to(user).select_related("org")
    if filters.q:
        programmes = programmes.filter(Q(name__contains=filters.q) | Q(issuer__contains=filters.q))
    if filters.year:
        programmes = programmes.filter(year=filters.year)
    if filters.status:
        programmes = programmes.filter(status=filters.status)
    return programmes.annotate(
        batch_count=Count("batches", distinct=True),
        live_count=Count("places", filter=Q(places__status__in=LIVE_STATUSES), distinct=True),
    ).order_by("-year", "-created_at", "-pk")


def programme_years(user: Any) -> list[int]:
    return sorted(set(programmes_visible_to(user).values_list("year", flat=True)), reverse=True)


def programme_for(user: Any, programme_id: int) -> RecuperationProgramme:
    """One programme the user sees (404 otherwise); the caller checks what the user may do with it."""
    programme = (
        programmes_visible_to(user)
        .select_related("org", "quota_set", "created_by")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def may_manage_programme(user: Any, programme: RecuperationProgramme) -> bool:
    """Edit, batches, first-level allocation, status, roster, scanner: `welfare.care_manage` on its union."""
    return has_action(user, CARE_MANAGE, programme.org)


def programme_orgs(user: Any) -> QuerySet[Org]:
    """The unions a programme may be created for: those where the user's care grants sit."""
    return Org.objects.filter(path__in=action_paths(user, CARE_MANAGE), status="active").order_by("path")


def batch_for(user: Any, batch_id: int) -> RecuperationBatch:
    """A batch of a programme the user sees (404 otherwise)."""
    batch = (
        RecuperationBatch.objects.filter(programme__in=programmes_visible_to(user))
        .select_related("programme__org")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def batch_get_for_scan(user: Any, public_id: Any) -> RecuperationBatch:
    """The check-in target's `find`: a batch of the user's subtrees (its programme's union), else 404."""
    return RecuperationBatch.objects.select_related("programme__org").get_visible_or_404(
        user, CARE_VIEW, public_id=public_id
    )


def batches_with_counts(programme: RecuperationProgramme) -> QuerySet[RecuperationBatch]:
    return programme.batches.annotate(
        live_count=Count("places", filter=Q(places__status__in=LIVE_STATUSES)),
        confirmed_count=Count("places", filter=Q(places__status=PlaceStatus.CONFIRMED)),
        attended_count=Count("places", filter=Q(places__status=PlaceStatus.ATTENDED)),
    ).order_by("starts_on", "pk")


def batch_live_count(batch: RecuperationBatch) -> int:
    return RecuperationPlace.objects.filter(batch=batch, status__in=LIVE_STATUSES).count()


def capacity_total(programme: RecuperationProgramme, *, besides: RecuperationBatch | None = None) -> int:
    batches = programme.batches.all()
    if besides is not None:
        batches = batches.exclude(pk=besides.pk)
    return sum(batches.values_list("capacity", flat=True))


# --- quotas -----------------------------------------------------------------------------------------------------


def managed_allocations(user: Any, programme: RecuperationProgramme) -> list[QuotaAllocation]:
    """The allocations of the programme held by unions where the user holds `welfare.care_manage`: where the user
    nominates (and re-allocates further down), highest first."""
    if programme.quota_set_id is None:
        return []
    allocations = (
        QuotaAllocation.objects.visible_to(user, CARE_MANAGE)
        .filter(quota_set_id=programme.quota_set_id)
        .select_related("org", "quota_set")
        .order_by("org__path")
    )
    return list(allocations)


def allocation_for(user: Any, programme: RecuperationProgramme, allocation_id: int | None) -> QuotaAllocation:
    """One allocation of the programme the user manages (404 otherwise)."""
    for allocation in managed_allocations(user, programme):
        if allocation.pk == allocation_id:
            return allocation
    raise Http404


def place_allocation(place: RecuperationPlace) -> QuotaAllocation | None:
    """The allocation a place took its quota place from (kept by a declined or cancelled place until a substitute
    takes it), else the nominating union's allocation."""
    use = active_uses_of(place).first()
    if use is not None:
        return use.allocation
    quota_set = place.programme.quota_set
    return allocation_of(quota_set, place.org) if quota_set is not None else None


def quota_rows(user: Any, programme: RecuperationProgramme) -> list[AllocationRow]:
    """The quota tree the user may read: all of it for the programme's union, else the subtrees of the allocations
    handed into the user's subtrees."""
    if programme.quota_set is None:
        return []
    if has_action(user, CARE_VIEW, programme.org):
        return quota_tree(programme.quota_set)
    paths = action_paths(user, CARE_VIEW)
    rows: list[AllocationRow] = []
    seen: set[int] = set()
    for row in quota_tree(programme.quota_set):
        inside = any(row.org.path.startswith(path) for path in paths)
        if inside and row.allocation.pk not in seen:
            for sub in allocation_subtree(row.allocation):
                seen.add(sub.allocation.pk)
                rows.append(sub)
    return rows


def quota_summary(programme: RecuperationProgramme) -> Any:
    return set_summary(programme.quota_set) if programme.quota_set is not None else None


def allocation_free(allocation: QuotaAllocation) -> int:
    """Places of the allocation still free to nominate or hand down."""
    return allocation_remaining(allocation)


def allocation_targets_for(giver: Org) -> list[Org]:
    return list(Org.objects.get_children(giver).filter(status="active").order_by("path"))


# --- places -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceFilters:
    q: str = ""
    batch: int | None = None
    status: str = ""

    def any(self) -> bool:
        return bool(self.q or self.batch or self.status)


def place_filters(params: Any) -> PlaceFilters:
    status = str(params.get("status") or "")
    return PlaceFilters(
        q=str(params.get("q") or "").strip()[:50],
        batch=int_param(params.get("batch")),
        status=status if status in PlaceStatus.values else "",
    )


def places_visible_to(user: Any, programme: RecuperationProgramme) -> QuerySet[RecuperationPlace]:
    """The programme's places the user sees: all for its union's cadres, else those nominated in their
    subtrees."""
    places = RecuperationPlace.objects.filter(programme=programme)
    if not has_action(user, CARE_VIEW, programme.org):
        places = places.filter(scope_q(user, CARE_VIEW, path_field="org__path"))
    return places.select_related(
        "programme__org", "member__org", "org", "batch", "substitute_for__member", "nominated_by"
    )


def place_list(
    user: Any, programme: RecuperationProgramme, filters: PlaceFilters
) -> QuerySet[RecuperationPlace]:
    places = places_visible_to(user, programme).annotate(
        has_substitute=Exists(RecuperationPlace.objects.filter(substitute_for=OuterRef("pk")))
    )
    if filters.q:
        places = places.filter(Q(member__name__contains=filters.q) | Q(org__name__contains=filters.q))
    if filters.batch:
        places = places.filter(batch_id=filters.batch)
    if filters.status:
        places = places.filter(status=filters.status)
    return places.order_by("batch__starts_on", "org__path", "pk")


def place_for(user: Any, place_id: int) -> RecuperationPlace:
    """A place the user sees (its programme visible, and the place in the user's subtrees or the programme's
    union's); 404 otherwise."""
    place = (
        RecuperationPlace.objects.filter(programme__in=programmes_visible_to(user))
        .select_related("programme__org", "programme__quota_set", "batch", "member__org", "org")
        .filter(pk=place_id)
        .first()
    )
    if place is None or not (
        has_action(user, CARE_VIEW, place.programme.org) or has_action(user, CARE_VIEW, place.org)
    ):
        raise Http404
    return place


def may_handle_place(user: Any, place: RecuperationPlace) -> bool:
    """Cancel and substitute: the nominating union's cadres, or the programme's union's."""
    return has_action(user, CARE_MANAGE, place.org) or has_action(user, CARE_MANAGE, place.programme.org)


def place_timeline(user: Any, programme: RecuperationProgramme) -> QuerySet[TimelineEntry]:
    """The programme's own rows and those of the places the user sees, oldest first."""
    place_ids = [str(pk) for pk in places_visible_to(user, programme).values_list("pk", flat=True)]
    rows = Q(
        content_type=ContentType.objects.get_for_model(RecuperationProgramme), object_id=str(programme.pk)
    )
    if place_ids:
        rows |= Q(content_type=ContentType.objects.get_for_model(RecuperationPlace), object_id__in=place_ids)
    return TimelineEntry.objects.filter(rows).select_related("actor").order_by("created_at", "pk")


# --- the priority rules -----------------------------------------------------------------------------------------


def _attended_q(today: dt.date) -> Q:
    return Q(status=PlaceStatus.ATTENDED) | Q(status=PlaceStatus.CONFIRMED, batch__ends_on__lt=today)


def _recent_attended(programme: RecuperationProgramme, member_ids: Any) -> QuerySet[RecuperationPlace]:
    """Places attended by these members in programmes within the no-repeat window (this programme excluded)."""
    since = programme.year - programme.no_repeat_years
    return (
        RecuperationPlace.objects.filter(
            _attended_q(timezone.localdate()),
            member_id__in=member_ids,
            programme__year__gt=since,
            programme__year__lte=programme.year,
        )
        .exclude(programme=programme)
        .select_related("programme")
    )


def refusal_reasons(programme: RecuperationProgramme, member_ids: list[int]) -> dict[int, str]:
    """Why each of these members may not be nominated now (members left out may be): a live place of this
    programme, or a programme attended within the no-repeat window. Two queries."""
    reasons: dict[int, str] = {}
    live = RecuperationPlace.objects.filter(
        programme=programme, member_id__in=member_ids, status__in=LIVE_STATUSES
    ).select_related("batch")
    for place in live:
        reasons[place.member_id] = f"已有本项目名额（{place.batch.name}，{place.get_status_display()}）"
    if programme.no_repeat_years:
        for place in _recent_attended(programme, member_ids).order_by("-programme__year"):
            if place.member_id in reasons:
                continue
            again = place.programme.year + programme.no_repeat_years
            reasons[place.member_id] = (
                f"{place.programme.year}年已参加“{place.programme.name}”，"
                f"{programme.no_repeat_years}年内不重复安排（{again}年起可再推荐）"
            )
    return reasons


def refusal_reason(programme: RecuperationProgramme, member: Member) -> str:
    return refusal_reasons(programme, [member.pk]).get(member.pk, "")


def is_front_line(programme: RecuperationProgramme, member: Member) -> bool:
    return bool(programme.priority_tag) and member.tags.filter(name=programme.priority_tag).exists()


def _candidates_base(user: Any, allocation: QuotaAllocation) -> QuerySet[Member]:
    """Holding members of the allocation's union and its subtree, as the user may handle them."""
    return Member.objects.visible_to(user, CARE_MANAGE).filter(
        org__path__startswith=allocation.org.path, status__in=HOLDING_STATUSES
    )


def candidate_list(
    user: Any,
    programme: RecuperationProgramme,
    allocation: QuotaAllocation,
    *,
    q: str = "",
    front_only: bool = False,
) -> QuerySet[Member]:
    """The candidates of a nomination: front-line first (`front_line` annotated), then by union and name."""
    members = _candidates_base(user, allocation).select_related("org")
    tagged = Member.tags.through.objects.filter(
        member_id=OuterRef("pk"), membertag__name=programme.priority_tag
    )
    members = members.annotate(
        front_line=Exists(tagged) if programme.priority_tag else Value(False, output_field=BooleanField())
    )
    if q:
        members = members.filter(Q(name__contains=q) | Q(member_number=q) | Q(phone=q))
    if front_only:
        members = members.filter(front_line=True)
    return members.order_by("-front_line", "org__path", "name", "pk")


def candidate_for(
    user: Any, programme: RecuperationProgramme, allocation: QuotaAllocation, public_id: Any
) -> Member | None:
    """The member a nomination form posted (None when unknown or outside the union: the same answer)."""
    try:
        UUID(str(public_id))
    except ValueError:
        return None
    return _candidates_base(user, allocation).select_related("org").filter(public_id=public_id).first()


def front_line_waiting(
    programme: RecuperationProgramme, allocation: QuotaAllocation, *, besides: int = 0
) -> int:
    """Front-line candidates of the union not nominated yet and not refused by the no-repeat rule (the member
    `besides` left out): while any remain, a non-front-line nomination needs a written reason."""
    if not programme.priority_tag:
        return 0
    tagged = Member.objects.filter(
        org__path__startswith=allocation.org.path,
        status__in=HOLDING_STATUSES,
        tags__name=programme.priority_tag,
    ).exclude(pk=besides)
    holding = RecuperationPlace.objects.filter(programme=programme, status__in=LIVE_STATUSES).values(
        "member_id"
    )
    tagged = tagged.exclude(pk__in=holding)
    ids = list(tagged.values_list("pk", flat=True).distinct())
    refused = set(_recent_attended(programme, ids).values_list("member_id", flat=True))
    return len([pk for pk in ids if pk not in refused])


# --- check-in ---------------------------------------------------------------------------------------------------


def batch_window(batch: RecuperationBatch) -> tuple[dt.datetime, dt.datetime]:
    """Check-ins are accepted from the first day's 00:00 to the last day's 23:59 (local time)."""
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(batch.starts_on, dt.time.min, tzinfo=zone)
    ends = dt.datetime.combine(batch.ends_on, dt.time.max, tzinfo=zone)
    return starts, ends


def batch_admits(member: Member, batch: RecuperationBatch) -> bool:
    """Members holding a CONFIRMED place of the batch (an ATTENDED one is answered 已签到 by the check-in)."""
    return RecuperationPlace.objects.filter(
        batch=batch, member=member, status__in=(PlaceStatus.CONFIRMED, PlaceStatus.ATTENDED)
    ).exists()


def batch_can_scan(user: Any, batch: RecuperationBatch) -> bool:
    return has_action(user, CARE_MANAGE, batch.programme.org)


def batch_checkins(batch: RecuperationBatch) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        target_type=ContentType.objects.get_for_model(RecuperationBatch), target_id=batch.pk
    ).select_related("member__org", "by")


def checked_in_members(batch: RecuperationBatch) -> dict[int, dt.datetime]:
    """{member_id: when} of the batch's check-ins (the roster's 报到时间)."""
    return dict(batch_checkins(batch).values_list("member_id", "at"))


def place_to_attend(batch: RecuperationBatch, member: Member) -> RecuperationPlace | None:
    return RecuperationPlace.objects.filter(batch=batch, member=member, status=PlaceStatus.CONFIRMED).first()


def member_for_scan(batch: RecuperationBatch, number: str) -> Member | None:
    """The member a scanner typed the 会员编号 or 会员卡号 of, only among those holding a place of the batch."""
    number = number.strip()
    if not number:
        return None
    return (
        Member.objects.filter(
            Q(member_number=number) | Q(card_number=number),
            pk__in=RecuperationPlace.objects.filter(batch=batch, status__in=LIVE_STATUSES).values(
                "member_id"
            ),
        )
        .select_related("org")
        .first()
    )


def member_of_place_in_batch(batch: RecuperationBatch, public_id: Any) -> Member | None:
    try:
        UUID(str(public_id))
    except ValueError:
        return None
    return (
        Member.objects.filter(
            public_id=public_id,
            pk__in=RecuperationPlace.objects.filter(batch=batch, status__in=LIVE_STATUSES).values(
                "member_id"
            ),
        )
        .select_related("org")
        .first()
    )


# --- roster and report ------------------------------------------------------------------------------------------


def roster_places(batch: RecuperationBatch) -> QuerySet[RecuperationPlace]:
    """The batch's live places (the resort's roster), by union and name."""
    return (
        RecuperationPlace.objects.filter(batch=batch, status__in=LIVE_STATUSES)
        .select_related("member__org", "org")
        .order_by("org__path", "member__name", "pk")
    )


@dataclass(frozen=True)
class UnionCounts:
    org_name: str
    depth: int
    allocated: int
    sub_allocated: int
    nominated: int  # live places nominated by this union itself
    confirmed: int
    attended: int


def report_by_union(programme: RecuperationProgramme) -> list[UnionCounts]:
    """Per allocation (tree order): places allocated and handed down, and the union's own live places, confirmed
    and attended."""
    if programme.quota_set is None:
        return []
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    today = timezone.localdate()
    for place in RecuperationPlace.objects.filter(
        programme=programme, status__in=LIVE_STATUSES
    ).select_related("batch"):
        row = counts[place.org_id]
        row["nominated"] += 1
        if place.status in (PlaceStatus.CONFIRMED, PlaceStatus.ATTENDED):
            row["confirmed"] += 1
        if place.status == PlaceStatus.ATTENDED or (
            place.status == PlaceStatus.CONFIRMED and place.batch.ends_on < today
        ):
            row["attended"] += 1
    return [
        UnionCounts(
            org_name=row.org.name,
            depth=row.depth,
            allocated=row.allocated,
            sub_allocated=row.sub_allocated,
            nominated=counts[row.org.pk]["nominated"],
            confirmed=counts[row.org.pk]["confirmed"],
            attended=counts[row.org.pk]["attended"],
        )
        for row in quota_tree(programme.quota_set)
    ]


# --- the member's own places ------------------------------------------------------------------------------------


def my_places(member: Member | None = None, *, user: Any = None) -> QuerySet[RecuperationPlace]:
    """The member's places (or, given `user`, the places of that user's member record: one query, no lookup)."""
    own = {"member": member} if user is None else {"member__user": user}
    return (
        RecuperationPlace.objects.filter(**own)
        .exclude(status=PlaceStatus.SUBSTITUTED)
        .select_related("programme", "batch", "org")
        .order_by("-created_at", "-pk")
    )


def my_place_or_404(member: Member, public_id: Any) -> RecuperationPlace:
    """One of the member's own places; another member's is a 404."""
    try:
        UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    place = my_places(member).filter(public_id=public_id).first()
    if place is None:
        raise Http404
    return place


def _member_of(user: Any) -> Member | None:
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user).first()


def has_places(user: Any) -> bool:
    """The portal tile 疗休养 shows to members who hold (or held) a place."""
    member = _member_of(user)
    return member is not None and my_places(member).exists()


def my_requests(user: Any) -> list[MemberRequest]:
    """我的办理: each of the member's places with its state."""
    if not getattr(user, "is_authenticated", False):
        return []
    url = reverse("welfare_portal:place_mine")
    return [
        MemberRequest(
            kind="疗休养",
            title=f"{place.programme.name} · {place.batch.name}",
            status=place.get_status_display(),
            url=url,
            submitted_at=place.created_at,
            next_step="请确认是否参加" if place.status == PlaceStatus.NOMINATED else "",
        )
        for place in my_places(user=user)
    ]


def my_todo(user: Any) -> list[PortalCardItem]:
    """The portal home's 待办: places waiting for the member's confirmation."""
    member = _member_of(user)
    if member is None:
        return []
    return [
        PortalCardItem(
            title=f"请确认疗休养名额：{place.programme.name}",
            url=reverse("welfare_portal:place_confirm", args=[place.public_id]),
            detail=f"{place.batch.name} · {place.batch.starts_on:%Y}年{place.batch.starts_on.month}月{place.batch.starts_on.day}日出发",
            icon="calendar-event",
        )
        for place in my_places(member).filter(status=PlaceStatus.NOMINATED)
    ]
