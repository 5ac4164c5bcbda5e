"""Reads of the results library (竞赛成果): the console list and one item (scoped through `visible_to` /
`get_visible_or_404`, plus — read only — the published items of a contest an object grant lets an outside account
view, as `entries_visible_to` does for entries), the member's list and one item (published by the member's union or a union above it), the
choices of the item form, who may download an item's files, and the read counts still in the cache (a page shows
`read_count` plus what `contests.library_reads_flush` has not yet added)."""

import datetime as dt
import json
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import action_paths, has_action, object_grant_ids, require_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.registry import member_union_of
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.selectors import MemberFilter, member_filter_matches, member_for_user
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import ContestStatus, EntryStatus, RoundStatus
from ..models import Contest, ContestRound, Entry, EntryMember, LibraryItem
from ..permissions import MANAGE, VIEW

READS_KEY = "contests:library:reads:%d"
# the cache keeps a pending count until the job takes it (run_due_jobs runs every minute)
READS_TIMEOUT = None


def library_reads_key(item_id: int) -> str:
    return READS_KEY % item_id


def library_pending_reads(item_ids: list[int]) -> dict[int, int]:
    """Reads counted in the cache and not yet flushed, per item id (items without any are left out)."""
    if not item_ids:
        return {}
    found = cache.get_many([library_reads_key(pk) for pk in item_ids])
    pending: dict[int, int] = {}
    for pk in item_ids:
        value = found.get(library_reads_key(pk))
        if value:
            pending[pk] = max(int(value), 0)
    return pending


def library_read_total(item: LibraryItem) -> int:
    """What a page shows: the flushed count plus the pending one."""
    return item.read_count + library_pending_reads([item.pk]).get(item.pk, 0)


def library_with_read_totals(items: list[LibraryItem]) -> list[LibraryItem]:
    """Each item gets `read_total` (flushed plus pending), in one cache round trip."""
    pending = library_pending_reads([item.pk for item in items])
    for item in items:
        item.read_total = item.read_count + pending.get(item.pk, 0)  # type: ignore[attr-defined]
    return items


def _search(items: QuerySet[LibraryItem], query: str) -> QuerySet[LibraryItem]:
    """Title, authors or a tag containing the words. Tags are JSON: PostgreSQL's text of it shows the characters,
    SQLite's keeps json.dumps's \\u escapes, so the escaped form of the query is looked for too."""
    query = query.strip()
    if not query:
        return items
    escaped = json.dumps(query)[1:-1]
    items = items.annotate(tags_text=Cast("tags", output_field=CharField()))
    condition = (
        Q(title__icontains=query)
        | Q(authors__icontains=query)
        | Q(tags_text__icontains=query)
        | Q(tags_text__icontains=escaped)
    )
    return items.filter(condition)


def _granted_published(user: Visitor) -> QuerySet[LibraryItem]:
    """Published items of the contests an unexpired object grant lets the user view (a 合作单位联系人 reads the
    results of the one contest granted; drafts stay with the unions)."""
    granted = object_grant_ids(user, VIEW, Contest)
    if not granted:
        return LibraryItem.objects.none()
    return LibraryItem.objects.filter(published_at__isnull=False, contest_id__in=granted)


def library_items_visible_to(user: Visitor) -> QuerySet[LibraryItem]:
    """Items of the unions in the user's subtrees, plus the published items of contests granted to the user."""
    items: QuerySet[LibraryItem] = LibraryItem.objects.visible_to(user, VIEW)
    if object_grant_ids(user, VIEW, Contest):
        items = items | _granted_published(user)
    return items


def library_granted_only(user: Visitor) -> bool:
    """The user reads the library through contest grants alone (an outside account, no union of its own)."""
    return not action_paths(user, VIEW) and bool(object_grant_ids(user, VIEW, Contest))


def library_item_list_for_user(
    user: Visitor, *, query: str = "", kind: str = "", contest_id: int | None = None
) -> QuerySet[LibraryItem]:
    """The console list: items of the unions in the user's subtrees (and the published items of granted contests),
    drafts first then newest published."""
    items = library_items_visible_to(user).select_related("org", "contest")
    items = _search(items, query)
    if kind:
        items = items.filter(kind=kind)
    if contest_id is not None:
        items = items.filter(contest_id=contest_id)
    return items.order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")


def library_item_get_for_user(user: Visitor, item_id: Any, *, demand: str | None = None) -> LibraryItem:
    """One item the user sees (else 404); `demand` must be held on its union (else 403). A published item of a
    granted contest is read only: any demand is refused (403)."""
    items = LibraryItem.objects.select_related(
        "org", "contest", "entry", "entry__group", "entry__round", "entry__entrant_org", "created_by"
    )
    try:
        return items.get_visible_or_404(user, VIEW, demand=demand, pk=item_id)
    except Http404:
        if not object_grant_ids(user, VIEW, Contest):
            raise
    try:
        item = items.filter(pk__in=_granted_published(user).values("pk")).get(pk=item_id)
    except (LibraryItem.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if demand is not None:
        require_action(user, demand, item.org)
    return item


def library_item_can_manage(user: Visitor, item: LibraryItem) -> bool:
    return has_action(user, MANAGE, item.org)


def library_files(item: LibraryItem) -> QuerySet[Attachment]:
    return attachments_of(item)


def library_file_get_or_404(item: LibraryItem, public_id: Any) -> Attachment:
    """One of the item's files (any other id, or another object's file, is 404)."""
    found = attachments_of(item).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def library_orgs_for_manager(user: Visitor) -> QuerySet[Org]:
    """The unions a user may publish library items for (contests.manage), active ones."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def library_contests_for_user(user: Visitor) -> QuerySet[Contest]:
    return Contest.objects.visible_to(user, VIEW).select_related("org").order_by("-year", "-created_at")


def library_awarded_entries(user: Visitor) -> QuerySet[Entry]:
    """Awarded entries of the contests the user sees (the form's choice; the service checks the contest)."""
    return (
        Entry.objects.filter(round__contest__in=library_contests_for_user(user).values("pk"))
        .exclude(award="")
        .select_related("round", "round__contest", "group", "entrant_org")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=EntryMember.objects.filter(active=True).select_related("member"),
                to_attr="live_people",
            )
        )
        .order_by("-round__contest__year", "round__contest", "group__order", "rank", "pk")
    )


def library_contest_visible(user: Visitor, contest_id: Any) -> Contest | None:
    """The contest of a `?contest=` filter when the user sees it (else None: the filter is dropped)."""
    try:
        return Contest.objects.visible_to(user, VIEW).filter(pk=int(contest_id)).first()
    except (TypeError, ValueError):
        return None


# ---- the member's side -------------------------------------------------------------------------------------


def _paths_at_or_above(union: Org) -> list[str]:
    steplen = Org.steplen
    return [union.path[:i] for i in range(steplen, len(union.path) + 1, steplen)]


def library_items_for_union(union: Org, *, query: str = "", kind: str = "") -> QuerySet[LibraryItem]:
    """Published items of the member's union and the unions above it, newest first."""
    items = LibraryItem.objects.filter(
        published_at__isnull=False, org__path__in=_paths_at_or_above(union)
    ).select_related("org", "contest")
    items = _search(items, query)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-published_at", "-pk")


def library_items_for_member(user: Visitor, *, query: str = "", kind: str = "") -> QuerySet[LibraryItem]:
    """The portal list of a signed-in member (nothing for one who no longer holds membership)."""
    union = member_union_of(user)
    if union is None:
        return LibraryItem.objects.none()
    return library_items_for_union(union, query=query, kind=kind)


def library_item_get_for_member_or_404(user: Visitor, public_id: Any) -> LibraryItem:
    union = member_union_of(user)
    if union is None:
        raise Http404
    try:
        return library_items_for_union(union).get(public_id=public_id)
    except (LibraryItem.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def library_item_may_download(user: Visitor, item: LibraryItem) -> bool:
    """The files of an item: whoever sees it in the console (a granted contest's partner once it is published);
    once published, the members who see it on the portal (of its union or a union below)."""
    if library_items_visible_to(user).filter(pk=item.pk).exists():
        return True
    if item.published_at is None:
        return False
    union = member_union_of(user)
    return union is not None and union.path.startswith(item.org.path)


# ---- the read-only API (part `library` builds it) ---------------------------------------------------------


def contests_open_for_member(user: Visitor, *, now: dt.datetime | None = None) -> QuerySet[Contest] | None:
    """Running contests the signed-in member may be entered in: organised by the member's union or a union above
    it, with a round taking entries (its deadline not passed), and an eligibility the member matches. None for an
    account that is not a holding member."""
    member = member_for_user(user)
    if member is None or member.status not in HOLDING_STATUSES:
        return None
    moment = now or timezone.now()
    entering = ContestRound.objects.filter(
        contest=OuterRef("pk"), status=RoundStatus.ENTERING, entry_deadline__gte=moment
    )
    candidates = Contest.objects.filter(
        Exists(entering), status=ContestStatus.RUNNING, org__path__in=_paths_at_or_above(member.org)
    ).only("pk", "eligibility")
    today = timezone.localdate()
    eligible = [
        c.pk
        for c in candidates
        if member_filter_matches(MemberFilter.from_dict(c.eligibility), member, today=today)
    ]
    return (
        Contest.objects.filter(pk__in=eligible)
        .select_related("org")
        .prefetch_related("groups", "rounds")
        .order_by("-year", "-created_at", "pk")
    )


def contest_results_for_user(
    user: Visitor, public_id: Any
) -> tuple[Contest, ContestRound | None, QuerySet[Entry]]:
    """A contest the user sees (else 404), its last round with final results (None: no results yet) and that
    round's entries, group by group in rank order (withdrawn ones left out)."""
    contest = Contest.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)
    last = contest.rounds.filter(status=RoundStatus.FINAL).order_by("-level").first()
    if last is None:
        return contest, None, Entry.objects.none()
    entries = (
        Entry.objects.filter(round=last)
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("round", "group", "entrant_org")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=EntryMember.objects.filter(active=True).select_related("member"),
                to_attr="live_people",
            )
        )
        .order_by("group__order", "group__pk", F("rank").asc(nulls_last=True), "pk")
    )
    return contest, last, entries
