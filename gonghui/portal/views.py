"""The member portal shell: home with tiles, services, messages, profile."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest
from gonghui.accounts.scoping import is_member_user
from gonghui.accounts.services import portal_care_mode_set
from gonghui.certificates.kinds import kind_label
from gonghui.certificates.selectors import certificate_of_holder_or_404, certificates_of_holder
from gonghui.certificates.views import certificate_pdf_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import (
    PortalCardItem,
    PortalTile,
    member_requests,
    portal_cards,
    portal_figures,
    portal_tiles,
)
from gonghui.members.decorators import portal_view
from gonghui.members.selectors import member_for_user, portal_member_remember
from gonghui.notifications.selectors import notification_list_for_user

# ---- 首页 and 长辈版 (issue 14 items 1 and 6) ----------------------------------------------------------------------


def tiles_shown_to(user: Any) -> list[PortalTile]:
    """The service grid: every registered tile but those whose `shown(user)` says no (网上入会 for members)."""
    return [tile for tile in portal_tiles if tile.shown is None or tile.shown(user)]


def card_items(user: Any, kind: str) -> list[PortalCardItem]:
    """What the apps' home cards of one kind ("todo", "now", "notice") show this user now, in the cards' order."""
    return [item for card in portal_cards if card.kind == kind for item in card.items(user)]


@login_required(login_url="portal:login")
def home(request: AuthedRequest) -> HttpResponse:
    """首页: 待办, 正在进行, 通知公告, then the service grid; 长辈版 keeps 待办 and the grid. A logged-in person
    without a member record (a cadre, someone who applied to join) sees the door to 网上入会 instead."""
    member = member_for_user(request.user) if is_member_user(request.user) else None
    if member is None:
        return render(request, "portal/home_door.html", {"portal_section": "home"})
    request.member = member  # type: ignore[attr-defined]
    portal_member_remember(request.user, member)
    care = request.user.portal_care_mode
    context = {
        "member": member,
        "care": care,
        "todo": card_items(request.user, "todo"),
        "now": [] if care else card_items(request.user, "now"),
        "notices": [] if care else card_items(request.user, "notice"),
        "tiles": tiles_shown_to(request.user),
        "portal_section": "home",
        "tab": "home",
    }
    return render(request, "portal/home.html", context)


@require_POST
@login_required(login_url="portal:login")
def care_mode(request: AuthedRequest) -> HttpResponse:
    """Switch 长辈版 on (`on=1`) or off, for the person's own account, and go back to the page it was switched on."""
    on = request.POST.get("on") == "1"
    if portal_care_mode_set(user=request.user, on=on):
        messages.success(request, "已切换到长辈版：字更大，按钮更大" if on else "已切换到标准版")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    return redirect(target)


@portal_view
def services(request: AuthedRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"tiles": tiles_shown_to(request.user), "tab": "services"})


@portal_view
def inbox(request: AuthedRequest) -> HttpResponse:
    """消息 tab: the member's own inbox (the notifications app owns the messages)."""
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, notification_list_for_user(user=request.user, unread_only=unread_only))
    return render(
        request,
        "notifications/portal_inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "querystring": query_without_page(request),
            "tab": "inbox",
        },
    )


@portal_view
def me(request: AuthedRequest) -> HttpResponse:
    figures = [
        (figure, value) for figure in portal_figures if (value := figure.value(request.user)) is not None
    ]
    return render(
        request,
        "portal/me.html",
        {"member": request.member, "tab": "me", "figures": figures},  # type: ignore[attr-defined]
    )


# ---- 我的办理 (issue 14 item 4): everything the member asked for, from every app's `member_requests` source ------

REQUESTS_PER_PAGE = 20


@portal_view
def requests(request: AuthedRequest) -> HttpResponse:
    """我的办理: one list, newest first, of what the member asked for across the apps (each registered source
    reads once); chips filter by kind and show only the kinds the member has."""
    found = [(source, source.requests(request.user)) for source in member_requests]
    kind = request.GET.get("kind", "")
    if kind not in {source.key for source, _listed in found}:
        kind = ""
    rows = sorted(
        (row for source, listed in found if not kind or source.key == kind for row in listed),
        key=lambda row: row.submitted_at,
        reverse=True,
    )
    chips = [
        {"key": source.key, "label": source.label, "count": len(listed)}
        for source, listed in found
        if listed or source.key == kind
    ]
    return render(
        request,
        "portal/requests.html",
        {
            "page": Paginator(rows, REQUESTS_PER_PAGE).get_page(request.GET.get("page")),
            "chips": chips,
            "kind": kind,
            "kind_label": next((c["label"] for c in chips if c["key"] == kind), ""),
            "total": sum(len(listed) for _source, listed in found),
            "querystring": query_without_page(request),
            "tab": "me",
        },
    )


# ---- 我的证书 (issue 15 item 1): the member's certificates of every kind, each with its PDF and its public check ---

CERTIFICATES_PER_PAGE = 20


@portal_view
def certificates(request: AuthedRequest) -> HttpResponse:
    page = paginate(
        request,
        certificates_of_holder(request.member),  # type: ignore[attr-defined]
        per_page=CERTIFICATES_PER_PAGE,
    )
    for certificate in page:
        certificate.kind_label = kind_label(certificate.kind)  # type: ignore[attr-defined]
    return render(request, "portal/certificates.html", {"page": page, "portal_section": "me", "tab": "me"})


@portal_view
def certificate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """One of the member's own certificates (another's, or an unknown id: 404); `?format=pdf` downloads a valid
    one's PDF."""
    found = certificate_of_holder_or_404(request.member, public_id)  # type: ignore[attr-defined]
    if request.GET.get("format") == "pdf":
        if not found.is_valid:
            raise Http404
        return certificate_pdf_response(request, found)
    context = {
        "certificate": found,
        "kind_label": kind_label(found.kind),
        "portal_section": "me",
        "tab": "me",
    }
    return render(request, "portal/certificate.html", context)
