"""Member list and detail for cadres (the members issue extends these)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import console_view
from gonghui.accounts.scoping import has_action
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page

from .choices import MemberStatus
from .selectors import member_get_for_user, member_list_for_user
from .services import member_reveal


@console_view("members.view")
def member_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    page = paginate(request, member_list_for_user(user=request.user, query=query, status=status))
    context = {
        "page": page,
        "query": query,
        "status": status,
        "statuses": MemberStatus.choices,
        "querystring": query_without_page(request),
    }
    if htmx_partial(request):
        return render(request, "members/partials/member_table.html", context)
    return render(request, "members/member_list.html", context)


@console_view("members.view")
def member_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    member = member_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "can_reveal": has_action(request.user, "members.reveal", member.org)},
    )


@require_POST
@console_view("members.reveal")
def member_reveal_view(request: HttpRequest, public_id: str) -> HttpResponse:
    member = member_get_for_user(user=request.user, public_id=public_id, action="members.reveal")
    revealed = member_reveal(member=member, actor=request.user, request=request)
    return render(request, "members/partials/member_revealed.html", {"member": member, "revealed": revealed})
