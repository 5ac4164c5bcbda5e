"""Reads of part teams (teams sent to events organised above the platform): one delegation for a user (404 outside
the subtree, 403 without `demand`), the list with its filters, the flow's state table (`DELEGATION_FLOW`: who may
take which step from which state — the pages show its buttons, the services refuse with it), the city union's
待审核 count, the roster and its member search, and the member's own teams (portal)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from treebeard.mp_tree import MP_Node

from gonghui.accounts.scoping import action_paths, has_action
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import PortalCardItem
from gonghui.core.timeline import timeline_for
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.selectors.registry import search_q
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import DelegationAction, DelegationRole, DelegationStatus
from ..models import Delegation, DelegationMember
from ..permissions import MANAGE, VIEW

EDITABLE_STATUSES = (DelegationStatus.DRAFT, DelegationStatus.RETURNED)
MEMBER_SEARCH_LIMIT = 20

STATUS_BADGES = {
    DelegationStatus.DRAFT: "bg-secondary-lt",
    DelegationStatus.SUBMITTED: "bg-yellow-lt",
    DelegationStatus.APPROVED: "bg-green-lt",
    DelegationStatus.RETURNED: "bg-orange-lt",
    DelegationStatus.WITHDRAWN: "bg-secondary-lt",
}


# --- who may do what ------------------------------------------------------------------------------------------


def root_path(org: Any) -> str:
    """The tree path of the root of `org`'s tree: the city union (市教科文卫体工会)."""
    return str(org.path)[: MP_Node.steplen]


def holds_city_manage(user: Any, org: Any) -> bool:
    """Does the user hold `activities.manage` on the ROOT of `org`'s tree (a grant there, not on a county)?"""
    path = root_path(org)
    return any(path.startswith(p) for p in action_paths(user, MANAGE))


def submitter_id(delegation: Delegation) -> int | None:
    """Who sent the delegation to the city union last (the timeline's last 报市总审核 row)."""
    return (
        timeline_for(delegation)
        .filter(action=DelegationAction.SUBMITTED)
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def can_manage_delegation(user: Any, delegation: Delegation) -> bool:
    """The team's own union (or one above it): build the roster, submit, withdraw, record results."""
    return has_action(user, MANAGE, delegation.org)


def can_decide_delegation(user: Any, delegation: Delegation) -> bool:
    """The city union approves or returns: `activities.manage` on the root, and never the one who submitted."""
    return holds_city_manage(user, delegation.org) and submitter_id(delegation) != user.pk


DELEGATION_FLOW = Workflow(
    state_field="status",
    state_enum=DelegationStatus,
    transitions=(
        Transition(
            DelegationAction.SUBMITTED,
            frozenset(str(s) for s in EDITABLE_STATUSES),
            DelegationStatus.SUBMITTED,
            allowed=can_manage_delegation,
        ),
        Transition(
            DelegationAction.APPROVED,
            frozenset({DelegationStatus.SUBMITTED}),
            DelegationStatus.APPROVED,
            allowed=can_decide_delegation,
        ),
        Transition(
            DelegationAction.RETURNED,
            frozenset({DelegationStatus.SUBMITTED}),
            DelegationStatus.RETURNED,
            allowed=can_decide_delegation,
            note_required=True,
        ),
        Transition(
            DelegationAction.WITHDRAWN,
            frozenset(
                {
                    DelegationStatus.DRAFT,
                    DelegationStatus.SUBMITTED,
                    DelegationStatus.RETURNED,
                    DelegationStatus.APPROVED,
                }
            ),
            DelegationStatus.WITHDRAWN,
            allowed=can_manage_delegation,
        ),
    ),
)


def may_record_result(user: Any, delegation: Delegation) -> bool:
    """Results are recorded by the team's union once the city approved it and the event has begun."""
    return (
        delegation.status == DelegationStatus.APPROVED
        and delegation.event_starts_on <= timezone.localdate()
        and can_manage_delegation(user, delegation)
    )


# --- one delegation, the list ---------------------------------------------------------------------------------


def delegation_for(user: Any, delegation_id: int, *, demand: str | None = None) -> Delegation:
    """One delegation of the user's subtrees (404 outside, 403 without `demand` on the team's union)."""
    return Delegation.objects.select_related("org", "decided_by", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, pk=delegation_id
    )


def manage_orgs(user: Any) -> QuerySet[Org]:
    """The unions where the user's `activities.manage` grants sit: they form teams."""
    return Org.objects.filter(path__in=action_paths(user, MANAGE), status=OrgStatus.ACTIVE).order_by("path")


@dataclass(frozen=True)
class DelegationFilters:
    q: str = ""
    status: str = ""
    year: int | None = None
    org: int | None = None

    def any(self) -> bool:
        return bool(self.q or self.status or self.year or self.org)


def _int(raw: Any) -> int | None:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def delegation_filters(params: Any) -> DelegationFilters:
    status = str(params.get("status") or "")
    return DelegationFilters(
        q=str(params.get("q") or "").strip()[:50],
        status=status if status in DelegationStatus.values else "",
        year=_int(params.get("year")),
        org=_int(params.get("org")),
    )


def delegations_visible_to(user: Any) -> QuerySet[Delegation]:
    return Delegation.objects.visible_to(user, VIEW).select_related("org")


def delegation_list_for_user(user: Any, filters: DelegationFilters) -> QuerySet[Delegation]:
    rows = delegations_visible_to(user).annotate(size=Count("roster"))
    if filters.q:
        rows = rows.filter(
            Q(name__icontains=filters.q)
            | Q(event_name__icontains=filters.q)
            | Q(org__name__icontains=filters.q)
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.year:
        rows = rows.filter(event_starts_on__year=filters.year)
    if filters.org:
        rows = rows.filter(org_id=filters.org)
    return rows.order_by("-event_starts_on", "-pk")


def delegation_filter_choices(user: Any) -> tuple[list[int], list[tuple[int, str]]]:
    """The years and unions of the delegations the user reads (the list's filters)."""
    visible = delegations_visible_to(user)
    years = sorted(
        set(visible.annotate(y=ExtractYear("event_starts_on")).values_list("y", flat=True)), reverse=True
    )
    orgs = sorted(set(visible.values_list("org_id", "org__name", "org__path")), key=lambda row: row[2])
    return years, [(pk, name) for pk, name, _path in orgs]


def pending_for_city(user: Any) -> QuerySet[Delegation]:
    """Delegations waiting for the city union's decision, of the trees whose root the user manages."""
    roots = [p for p in action_paths(user, MANAGE) if len(p) == MP_Node.steplen]
    if not roots:
        return Delegation.objects.none()
    q = Q()
    for path in roots:
        q |= Q(org__path__startswith=path)
    return Delegation.objects.filter(q, status=DelegationStatus.SUBMITTED)


def pending_count(user: Any, _org: Any = None) -> int:
    """The home counter and the list's banner: 待市总审核 teams."""
    return pending_for_city(user).count()


# --- the roster -----------------------------------------------------------------------------------------------


def roster_of(delegation: Delegation) -> QuerySet[DelegationMember]:
    """The roster in the order of the roles (领队, 教练, 队长, 队员, 工作人员), then as added."""
    rank = Case(
        *(When(role=value, then=Value(i)) for i, value in enumerate(DelegationRole.values)), default=9
    )
    return (
        DelegationMember.objects.filter(delegation=delegation)
        .select_related("member__org")
        .annotate(role_rank=rank)
        .order_by("role_rank", "pk")
    )


def roster_counts(delegation: Delegation) -> dict[str, int]:
    rows = DelegationMember.objects.filter(delegation=delegation).values_list("role").annotate(n=Count("pk"))
    return {str(role): n for role, n in rows}


def roster_entry_for(user: Any, entry_id: int, *, demand: str | None = None) -> DelegationMember:
    return DelegationMember.objects.select_related("delegation__org", "member").get_visible_or_404(
        user, VIEW, demand=demand, pk=entry_id
    )


def roster_candidates(user: Any, delegation: Delegation) -> QuerySet[Member]:
    """Members the user may put on the team: active, of the team's union subtree, in the user's subtrees."""
    return Member.objects.in_subtrees(user, MANAGE).filter(
        org__path__startswith=delegation.org.path, status=MemberStatus.ACTIVE
    )


def roster_member_lookup(user: Any, delegation: Delegation, query: str) -> Member:
    """The member a roster form names by 会员编号 (exact) or 姓名: one match, else a ValidationError on `who` that
    reads the same whether nobody has that name or they are outside the user's reach."""
    query = query.strip()
    if not query:
        raise ValidationError({"who": _("请填写会员编号或姓名")})
    candidates = roster_candidates(user, delegation).select_related("org")
    by_number = candidates.filter(member_number=query).first()
    if by_number is not None:
        return by_number
    named = list(candidates.filter(name=query).order_by("pk")[:MEMBER_SEARCH_LIMIT])
    if not named:
        named = list(candidates.filter(search_q(query)).order_by("name", "pk")[:MEMBER_SEARCH_LIMIT])
    if len(named) == 1:
        return named[0]
    if not named:
        raise ValidationError(
            {
                "who": _("在%(org)s及下级工会的在籍会员中没有找到“%(q)s”")
                % {"org": delegation.org.name, "q": query}
            }
        )
    raise ValidationError(
        {"who": _("有 %(n)d 名会员与“%(q)s”相符，请改用会员编号") % {"n": len(named), "q": query}}
    )


def delegation_timeline(delegation: Delegation) -> QuerySet[TimelineEntry]:
    return timeline_for(delegation)


# --- the member's own teams (portal) --------------------------------------------------------------------------


def member_teams(member: Member) -> QuerySet[DelegationMember]:
    """The member's places on teams, newest event first (their own rows only)."""
    return (
        DelegationMember.objects.filter(member=member)
        .exclude(delegation__status=DelegationStatus.DRAFT)
        .select_related("delegation__org")
        .order_by("-delegation__event_starts_on", "-pk")
    )


def member_is_on_a_team(user: Any) -> bool:
    """Show the portal tile 我的参赛 only to members on a team reported to the city union."""
    return (
        DelegationMember.objects.filter(member__user=user)
        .exclude(delegation__status=DelegationStatus.DRAFT)
        .exists()
    )


def member_team_card_items(user: Any) -> list[PortalCardItem]:
    """正在进行 on the portal home: the member's approved teams whose event has not ended yet."""
    rows = (
        DelegationMember.objects.filter(
            member__user=user,
            delegation__status=DelegationStatus.APPROVED,
            delegation__event_ends_on__gte=timezone.localdate(),
        )
        .select_related("delegation")
        .order_by("delegation__event_starts_on", "pk")[:3]
    )
    url = reverse("activities_portal:my_teams")
    return [
        PortalCardItem(
            title=_("参赛：%(event)s") % {"event": entry.delegation.event_name},
            url=url,
            detail=_("%(date)s · %(role)s")
            % {
                "date": f"{entry.delegation.event_starts_on.month}月{entry.delegation.event_starts_on.day}日",
                "role": entry.get_role_display(),
            },
            icon="trophy",
        )
        for entry in rows
    ]
