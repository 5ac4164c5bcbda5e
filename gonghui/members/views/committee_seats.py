"""委员名单: the seats on a union's three committees (三委), with a member search within the union to seat someone,
a role change and a removal. Readable by whoever may view the union (`orgs.view`), changed by its managers
(`orgs.manage`, as the committees themselves). Thin: selectors read, members/services/committee_seats.py writes."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform
from gonghui.core.htmx import htmx_partial
from gonghui.orgs.permissions import MANAGE, can_manage_org
from gonghui.orgs.selectors import (
    VIEW,
    committee_get_for_user,
    committees_missing,
    committees_of,
    org_breadcrumbs,
    org_get_for_user,
)

from ..forms.committee_seats import SeatAddForm, SeatRoleForm
from ..selectors.committee_seats import (
    committee_seat_candidates,
    committee_seat_get,
    committee_seat_member,
    committee_seats_of,
    seat_role_choices,
)
from ..services.committee_seats import committee_seat_add, committee_seat_change_role, committee_seat_remove


def _page_url(code: str, committee_pk: int | None = None) -> str:
    url = reverse("members:committees", args=[code])
    return f"{url}#committee-{committee_pk}" if committee_pk else url


@console_view(VIEW)
def committees(request: AuthedRequest, code: str) -> HttpResponse:
    """委员名单: each current committee with its seats, the member search and the seat buttons for the union's
    managers. An HTMX request gets the union page's 三委 card: committee facts and seats, read-only."""
    org = org_get_for_user(user=request.user, code=code)
    can_manage = can_manage_org(request.user, org) and org.is_active
    current = committees_of(org)
    seats = committee_seats_of(current)
    query = request.GET.get("q", "").strip()[:50]
    searching = request.GET.get("committee", "")
    rows: list[dict[str, Any]] = []
    for committee in current:
        searched = can_manage and searching == str(committee.pk)
        rows.append(
            {
                "committee": committee,
                "seats": seats[committee.pk],
                "roles": seat_role_choices(committee.kind),
                "query": query if searched else "",
                "candidates": committee_seat_candidates(committee=committee, query=query) if searched else [],
                "searched": searched and bool(query),
            }
        )
    context = {
        "org": org,
        "rows": rows,
        "missing": committees_missing(org),
        "can_manage": can_manage,
    }
    if htmx_partial(request):  # the 三委 card of the union's page (orgs:org_detail loads it)
        return render(request, "members/committee_seats/partials/committee_card.html", context)
    context["ancestors"] = org_breadcrumbs(user=request.user, org=org, include_self=True)
    return render(request, "members/committee_seats/committee_seats.html", context)


@require_POST
@console_view(MANAGE)
def committee_seat_add_view(request: AuthedRequest, code: str, committee_pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    committee = committee_get_for_user(user=request.user, org=org, pk=committee_pk, action=MANAGE)
    form = SeatAddForm(request.POST)
    member = committee_seat_member(committee=committee, public_id=request.POST.get("member", ""))

    def perform() -> Any:
        if member is None:  # not a member of this union: read the same as an unknown id
            raise ValidationError({"member": "本工会未找到该会员，请重新查找"})
        return committee_seat_add(
            committee=committee,
            member=member,
            role=form.cleaned_data["role"],
            actor=request.user,
            context=AuditContext.of(request),
        )

    return button_perform(
        request,
        perform,
        form=form,
        success=lambda seat: f"已增补 {seat.member.name} 为{committee.get_kind_display()}委员",
        back=_page_url(org.code, committee.pk),
    )


@require_POST
@console_view(MANAGE)
def committee_seat_role_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    seat = committee_seat_get(org=org, pk=pk)
    form = SeatRoleForm(request.POST)
    return button_perform(
        request,
        lambda: committee_seat_change_role(
            seat=seat, role=form.cleaned_data["role"], actor=request.user, context=AuditContext.of(request)
        ),
        form=form,
        success=f"已调整 {seat.member.name} 的职务",
        back=_page_url(org.code, seat.committee_id),
    )


@require_POST
@console_view(MANAGE)
def committee_seat_remove_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    seat = committee_seat_get(org=org, pk=pk)
    return button_perform(
        request,
        lambda: committee_seat_remove(seat=seat, actor=request.user, context=AuditContext.of(request)),
        success=f"已免去 {seat.member.name} 的{seat.committee.get_kind_display()}委员职务",
        back=_page_url(org.code, seat.committee_id),
    )
