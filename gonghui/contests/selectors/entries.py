"""Reads of 报名: a round and its entries as the user may see them (the organiser every entry, a union its subtree's,
a 合作单位联系人 granted on the contest every entry, read-only), the quota lines of the round, the unions and members
a cadre may enter, the export rows; and the member's side: their entries (我的竞赛, 我的办理, the home's 待办) and
the running contests of the unions above them."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.accounts.identity import mask_phone
from gonghui.accounts.scoping import has_action, object_grant_allows, object_grant_ids
from gonghui.core.registry import MemberRequest, PortalCardItem
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter, member_filter_matches, member_filter_q
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import AllocationRow, quota_tree

from ..choices import ContestStatus, EntryStatus, RoundStatus
from ..models import Contest, ContestRound, Entry, EntryMember
from ..permissions import MANAGE, VIEW, can_organise

CANDIDATES_SHOWN = 100


def format_deadline(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def receipt_number(person: EntryMember) -> str:
    """回执编号 of a person's 本人确认: the round and the person's row, stable and unique."""
    return f"JS{person.round_id:03d}-{person.pk:06d}"


# ---- the console ------------------------------------------------------------------------------------------------


def round_visible_or_404(user: Visitor, round_id: int) -> ContestRound:
    """A round of a contest the user may see (its own union's, one above it once running, or one granted)."""
    try:
        return (
            ContestRound.objects.filter(contest__in=Contest.objects.visible_to(user, VIEW))
            .select_related("contest", "contest__org", "quota_set")
            .get(pk=round_id)
        )
    except ContestRound.DoesNotExist:
        raise Http404 from None


def sees_every_entry(user: Visitor, contest: Contest) -> bool:
    """The organiser (or an auditor of its union) and a 合作单位联系人 granted on the contest see every entry."""
    return has_action(user, VIEW, contest.org) or object_grant_allows(user, VIEW, contest)


def entries_visible_to(user: Visitor) -> QuerySet[Entry]:
    """Entries of the user's subtrees (the organiser's subtree holds every entrant of its contests), plus those of
    contests an object grant lets the user view."""
    entries = Entry.objects.visible_to(user, VIEW)
    granted = object_grant_ids(user, VIEW, Contest)
    if granted:
        entries = entries | Entry.objects.filter(round__contest_id__in=granted)
    return entries


def _with_people(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Each entry with `live_people` (its active people) and `listed_people` (what the list shows: the live
    people, or for a withdrawn entry those who went out with it — not the ones replaced before)."""
    people = EntryMember.objects.filter(active=True).select_related("member", "member__org")
    last_out = (
        EntryMember.objects.filter(entry=OuterRef("entry"), active=False)
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    listed = EntryMember.objects.filter(
        Q(active=True) | Q(entry__status=EntryStatus.WITHDRAWN, updated_at=Subquery(last_out))
    ).select_related("member", "member__org")
    return entries.select_related("group", "entrant_org", "round").prefetch_related(
        Prefetch("people", queryset=people, to_attr="live_people"),
        Prefetch("people", queryset=listed, to_attr="listed_people"),
    )


def round_entries_for_user(
    user: Visitor,
    contest_round: ContestRound,
    *,
    group_id: int | None = None,
    org_id: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Entry]:
    """The round's entries the user may see, filtered by group, entrant union (and its subtree), status and a
    name (an entrant's or the entry's title); each with `live_people` (leader first)."""
    entries = entries_visible_to(user).filter(round=contest_round)
    if group_id:
        entries = entries.filter(group_id=group_id)
    if org_id:
        path = Org.objects.filter(pk=org_id).values_list("path", flat=True).first()
        entries = entries.filter(entrant_org__path__startswith=path) if path else entries.none()
    if status:
        entries = entries.filter(status=status)
    if query:
        named = EntryMember.objects.filter(entry=OuterRef("pk"), member__name__icontains=query)
        entries = entries.filter(Q(title__icontains=query) | Q(Exists(named)))
    return _with_people(entries).order_by("group__order", "group_id", "entrant_org__path", "pk")


def entrant_orgs_in_round(user: Visitor, contest_round: ContestRound) -> QuerySet[Org]:
    """The unions with an entry in the round the user may see (the 报名单位 filter)."""
    return Org.objects.filter(
        pk__in=entries_visible_to(user).filter(round=contest_round).values("entrant_org_id")
    ).order_by("path")


def entry_visible_or_404(user: Visitor, entry_id: int) -> Entry:
    try:
        return (
            entries_visible_to(user)
            .select_related(
                "round", "round__contest", "round__contest__org", "group", "entrant_org", "entered_by"
            )
            .get(pk=entry_id)
        )
    except Entry.DoesNotExist:
        raise Http404 from None


def entry_people(entry: Entry) -> list[EntryMember]:
    """Everyone ever in the entry: the live people first (leader first), then those replaced."""
    return list(
        EntryMember.objects.filter(entry=entry)
        .select_related("member", "member__org")
        .order_by("-active", "-is_leader", "pk")
    )


def withdrawn_people(entry: Entry, people: list[EntryMember]) -> list[EntryMember]:
    """Of `people` (the entry's rows), those who went out with the entry's 退赛: the withdrawal turns the live
    people inactive in one update, after any 换人, so they are the inactive rows changed last."""
    if entry.status != EntryStatus.WITHDRAWN:
        return []
    out = [p for p in people if not p.active]
    if not out:
        return []
    last = max(p.updated_at for p in out)
    return [p for p in out if p.updated_at == last]


def quota_lines(user: Visitor, contest_round: ContestRound) -> list[AllocationRow]:
    """The round's quota lines the user may see: every union's for the organiser and a granted partner, the lines
    of the user's own subtrees for a union. Three queries."""
    if contest_round.quota_set_id is None:
        return []
    rows = quota_tree(contest_round.quota_set)  # type: ignore[arg-type]
    if sees_every_entry(user, contest_round.contest):
        return rows
    return [row for row in rows if has_action(user, VIEW, row.org)]


def round_is_open(contest_round: ContestRound) -> bool:
    """The round takes entries now (the services check it again)."""
    return (
        contest_round.contest.status == ContestStatus.RUNNING
        and contest_round.status == RoundStatus.ENTERING
        and contest_round.takes_entries
        and timezone.now() < contest_round.entry_deadline
    )


def orgs_user_may_enter(user: Visitor, contest_round: ContestRound) -> QuerySet[Org]:
    """The active unions in the contest's subtree the user holds 报名 rights on — with a quota set, only those
    holding a share of it."""
    orgs = Org.objects.visible_to(user, MANAGE).filter(
        path__startswith=contest_round.contest.org.path, status="active"
    )
    if contest_round.quota_set_id is not None:
        holders = QuotaAllocation.objects.filter(quota_set_id=contest_round.quota_set_id).values("org_id")
        orgs = orgs.filter(pk__in=holders)
    return orgs.order_by("path")


def entry_candidates(user: Visitor, contest_round: ContestRound, orgs: QuerySet[Org]) -> QuerySet[Member]:
    """Members the user may enter: holding membership in the subtrees of `orgs`, matching the contest's 参赛条件
    and in no live entry of the round yet."""
    paths = list(orgs.values_list("path", flat=True))
    if not paths:
        return Member.objects.none()
    within = Q()
    for path in paths:
        within |= Q(org__path__startswith=path)
    flt = MemberFilter.from_dict(contest_round.contest.eligibility)
    taken = EntryMember.objects.filter(round=contest_round, active=True).values("member_id")
    return (
        Member.objects.visible_to(user, MANAGE)
        .filter(within, member_filter_q(flt), status__in=HOLDING_STATUSES)
        .exclude(pk__in=taken)
        .select_related("org")
        .order_by("org__path", "name", "pk")
    )


def search_candidates(candidates: QuerySet[Member], query: str) -> QuerySet[Member]:
    query = query.strip()
    if not query:
        return candidates
    return candidates.filter(
        Q(name__icontains=query)
        | Q(name_pinyin__startswith=query.lower())
        | Q(name_initials__startswith=query.lower())
    )


def entries_export_rows(entries: QuerySet[Entry]) -> list[list[Any]]:
    """One row per live person of each entry (withdrawn entries too, with their state): names, unions, positions
    and masked phones — no ID number."""
    rows: list[list[Any]] = []
    for entry in entries:
        people: list[EntryMember] = getattr(entry, "live_people", [])
        head = [entry.entrant_org.name, entry.group.name, entry.group.get_entry_kind_display(), entry.title]
        tail = [entry.get_status_display(), timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M")]
        if not people:
            rows.append([len(rows) + 1, *head, "", "", "", "", "", *tail])
        for person in people:
            member = person.member
            name = f"{member.name}（队长）" if person.is_leader and len(people) > 1 else member.name
            confirmed = "已确认" if person.confirmed_at else "待确认"
            rows.append(
                [
                    len(rows) + 1,
                    *head,
                    name,
                    member.org.name,
                    member.position_title,
                    mask_phone(member.phone),
                    confirmed,
                    *tail,
                ]
            )
    return rows


# ---- the member (portal) ----------------------------------------------------------------------------------------


def member_entry_rows(member: Member) -> list[EntryMember]:
    """The member's own rows in entries, newest first, with their entry, round, contest and group."""
    return list(
        EntryMember.objects.filter(member=member)
        .select_related(
            "entry", "entry__round", "entry__round__contest", "entry__group", "entry__entrant_org"
        )
        .order_by("-created_at", "-pk")
    )


def person_state(person: EntryMember) -> str:
    """The member's own state in an entry, in Chinese."""
    entry = person.entry
    if entry.status == EntryStatus.WITHDRAWN:
        return "已退赛"
    if not person.active:
        return "已换人"
    if person.confirmed_at is not None:
        return "已确认"
    if timezone.now() >= entry.round.entry_deadline:
        return "未确认（已截止）"
    return "待确认"


def awaits_confirmation(person: EntryMember) -> bool:
    return person_state(person) == "待确认"


def my_entry_or_404(member: Member, public_id: UUID | str) -> EntryMember:
    """The member's own row of the entry (the live one first); 404 for an entry they are not in."""
    person = (
        EntryMember.objects.filter(entry__public_id=public_id, member=member)
        .select_related(
            "entry",
            "entry__round",
            "entry__round__contest",
            "entry__round__contest__org",
            "entry__group",
            "entry__entrant_org",
        )
        .order_by("-active", "-pk")
        .first()
    )
    if person is None:
        raise Http404
    return person


def teammates(person: EntryMember) -> list[EntryMember]:
    """The live people of the member's entry (names only are shown to a teammate)."""
    return list(EntryMember.objects.filter(entry_id=person.entry_id, active=True).select_related("member"))


def contests_open_to_member(member: Member) -> list[tuple[Contest, list[ContestRound]]]:
    """Running contests of the member's union and those above it whose 参赛条件 the member meets, with their
    rounds taking entries — the union enters its members, so these are shown, not applied for."""
    steplen = Org.steplen
    own: str = member.org.path
    paths = [own[:i] for i in range(steplen, len(own) + 1, steplen)]
    rounds = (
        ContestRound.objects.filter(status=RoundStatus.ENTERING, entry_deadline__gt=timezone.now())
        .filter(Q(level=1) | Q(quota_set__isnull=False))
        .order_by("level")
    )
    contests = (
        Contest.objects.filter(status=ContestStatus.RUNNING, org__path__in=paths)
        .select_related("org")
        .prefetch_related(Prefetch("rounds", queryset=rounds, to_attr="open_rounds"))
        .order_by("-year", "-created_at")
    )
    found: list[tuple[Contest, list[ContestRound]]] = []
    for contest in contests:
        open_rounds: list[ContestRound] = getattr(contest, "open_rounds", [])
        if open_rounds and member_filter_matches(MemberFilter.from_dict(contest.eligibility), member):
            found.append((contest, open_rounds))
    return found


def _own_rows(user: Visitor) -> list[EntryMember]:
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    return list(
        EntryMember.objects.filter(member__user=user)
        .select_related("entry", "entry__round", "entry__round__contest", "entry__group")
        .order_by("-created_at", "-pk")
    )


def _entry_title(person: EntryMember) -> str:
    entry = person.entry
    return f"{entry.round.contest.title} · {entry.round.name} · {entry.group.name}"


def entry_requests_for_user(user: Visitor) -> list[MemberRequest]:
    """我的办理: the member's entries (竞赛报名), newest first; one query."""
    return [
        MemberRequest(
            kind="竞赛报名",
            title=_entry_title(person),
            status=person_state(person),
            url=reverse("contests_portal:my_entry", args=[person.entry.public_id]),
            submitted_at=person.created_at,
            next_step="请确认参赛" if awaits_confirmation(person) else "",
        )
        for person in _own_rows(user)
    ]


def entry_todo_items(user: Visitor) -> list[PortalCardItem]:
    """待办 on the portal home: the entries waiting for the member's own confirmation."""
    return [
        PortalCardItem(
            title=f"请确认参赛：{person.entry.round.contest.title}",
            url=reverse("contests_portal:my_entry", args=[person.entry.public_id]),
            detail=f"{person.entry.round.name} · {person.entry.group.name} · "
            f"{format_deadline(person.entry.round.entry_deadline)}前确认",
            icon="trophy",
        )
        for person in _own_rows(user)
        if person.active and awaits_confirmation(person)
    ]


def can_organise_round(user: Visitor, contest_round: ContestRound) -> bool:
    return can_organise(user, contest_round.contest)
