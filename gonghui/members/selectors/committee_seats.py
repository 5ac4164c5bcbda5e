"""Reads of the seats on a union's committees (三委委员). The committees are read through orgs.selectors (the
union was read for the user already: `org_get_for_user`); a seat is found only within such a union."""

import uuid
from dataclasses import dataclass

from django.http import Http404

from gonghui.accounts.choices import Gender
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Committee, Org

from ..choices import HOLDING_STATUSES, CommitteeRole
from ..models import CommitteeSeat, Member
from .registry import search_q

CANDIDATE_LIMIT = 20
# For the 工会委员会 the 主任 is the 工会主席 and the 副主任 a 副主席.
_UNION_ROLE_LABELS = {CommitteeRole.CHAIR: "主席", CommitteeRole.VICE_CHAIR: "副主席"}
_ROLE_ORDER = {role.value: i for i, role in enumerate(CommitteeRole)}


def seat_role_label(kind: str, role: str) -> str:
    """The role as the committee calls it: 主席 / 副主席 / 委员 on the 工会委员会, 主任 / 副主任 / 委员 elsewhere."""
    if kind == CommitteeKind.UNION and role in _UNION_ROLE_LABELS:
        return _UNION_ROLE_LABELS[CommitteeRole(role)]
    return str(CommitteeRole(role).label) if role in CommitteeRole.values else role


def seat_role_choices(kind: str) -> list[tuple[str, str]]:
    return [(role.value, seat_role_label(kind, role)) for role in CommitteeRole]


@dataclass
class SeatRow:
    seat: CommitteeSeat
    role_label: str

    @property
    def member_left(self) -> str:
        """The member's 会籍状态 when they no longer hold membership (已转出, 已退会 …): the seat is theirs until the
        union changes it, but the page says so."""
        member = self.seat.member
        return "" if member.status in HOLDING_STATUSES else str(member.get_status_display())


def committee_seats_of(committees: list[Committee]) -> dict[int, list[SeatRow]]:
    """{committee pk: its seats, 主任 first, then 副主任, then 委员, by name} for committees already read for the
    user, in one query."""
    kinds = {c.pk: c.kind for c in committees}
    rows: dict[int, list[SeatRow]] = {pk: [] for pk in kinds}
    seats = CommitteeSeat.objects.filter(committee_id__in=list(kinds)).select_related("member")
    for seat in sorted(seats, key=lambda s: (_ROLE_ORDER.get(s.role, 9), s.member.name_pinyin, s.pk)):
        rows[seat.committee_id].append(
            SeatRow(seat=seat, role_label=seat_role_label(kinds[seat.committee_id], seat.role))
        )
    return rows


def committee_seat_get(*, org: Org, pk: int) -> CommitteeSeat:
    """A seat on a committee of `org` (read for the user with the action the caller needs), else 404."""
    seat = (
        CommitteeSeat.objects.select_related("committee__org", "member")
        .filter(committee__org=org, pk=pk)
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def committee_seat_candidates(
    *, committee: Committee, query: str, limit: int = CANDIDATE_LIMIT
) -> list[Member]:
    """Members who may take a seat on `committee` and match `query` (name, pinyin, initials, phone, the last four
    of the ID number): holding members of the committee's own union, not seated yet; women only for the
    女职工委员会."""
    if not query.strip():
        return []
    qs = (
        Member.objects.filter(org_id=committee.org_id, status__in=HOLDING_STATUSES)
        .filter(search_q(query))
        .exclude(pk__in=CommitteeSeat.objects.filter(committee=committee).values("member_id"))
    )
    if committee.kind == CommitteeKind.WOMEN:
        qs = qs.filter(gender=Gender.FEMALE)
    return list(
        qs.only("pk", "public_id", "name", "gender", "position_title", "id_number_masked").order_by(
            "name_pinyin", "pk"
        )[:limit]
    )


def committee_seat_member(*, committee: Committee, public_id: str) -> Member | None:
    """The member picked for a seat, by public id, among the members of the committee's union (any status: the
    service names why one who left cannot be seated); None when there is none."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:  # a malformed id names nobody
        return None
    return Member.objects.filter(org_id=committee.org_id, public_id=key).first()
