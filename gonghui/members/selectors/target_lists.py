"""Reads of target lists (名单), scoped through `TargetList.objects.visible_to` / `get_visible_or_404`: a list is seen
by whoever may view the members of its union (or above)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.actors import Actor, Visitor
from gonghui.orgs.models import Org

from ..models import Member, TargetList
from .filters import MemberFilter

EXPORT_HEADERS = ("姓名", "性别", "所属工会", "证件号码", "手机号", "会籍状态")


def target_list_list_for_user(
    *, user: Visitor, query: str = "", action: str = "members.view"
) -> QuerySet[TargetList]:
    """The lists the user may see, newest first, each with its member count; `query` searches name and reason."""
    lists = TargetList.objects.visible_to(user, action).select_related("org", "created_by")
    if query.strip():
        lists = lists.filter(Q(name__icontains=query.strip()) | Q(reason__icontains=query.strip()))
    return lists.annotate(member_count=Count("entries")).order_by("-created_at", "-id")


def target_list_get_for_user(*, user: Actor, public_id: Any, action: str = "members.view") -> TargetList:
    """One list visible to the user (else 404); `action` is then demanded on the list's union (else 403)."""
    return TargetList.objects.select_related("org", "created_by").get_visible_or_404(
        user, "members.view", demand=action, public_id=public_id
    )


def target_list_members(target_list: TargetList) -> QuerySet[Member]:
    """The members of the list (as frozen when it was made), in roster order, with their unions."""
    return (
        Member.objects.filter(pk__in=target_list.entries.values("member_id"))
        .select_related("org")
        .order_by("org__path", "name", "id")
    )


def target_list_count(target_list: TargetList) -> int:
    return target_list.entries.count()


def target_lists_of_org(org: Org) -> QuerySet[TargetList]:
    """The lists a block owned by `org` may address: the org's own lists (an activity chooses 只限名单 among them)."""
    return TargetList.objects.filter(org=org).order_by("-created_at", "-id")


def target_lists_of_orgs(orgs: Iterable[Any]) -> QuerySet[TargetList]:
    """The lists of the given orgs (objects or primary keys), with their orgs: the 只限名单 choices of a block whose
    page already limits `orgs` to the user's own (a quiz activity's 所属组织)."""
    ids = [getattr(o, "pk", o) for o in orgs]
    return (
        TargetList.objects.filter(org_id__in=ids)
        .select_related("org")
        .order_by("org__path", "-created_at", "-id")
    )


def target_list_filter(target_list: TargetList) -> MemberFilter:
    """The filter a list was made from (empty for an imported list)."""
    return MemberFilter.from_dict(target_list.criteria) if target_list.source == "filter" else MemberFilter()


def target_list_export_rows(target_list: TargetList) -> list[list[str]]:
    """The list's members for its xlsx (EXPORT_HEADERS), identities masked as the page shows them."""
    return [
        [
            m.name,
            m.get_gender_display(),
            m.org.name,
            m.id_number_masked,
            m.phone_masked,
            m.get_status_display(),
        ]
        for m in target_list_members(target_list)
    ]
