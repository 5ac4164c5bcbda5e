"""Member pages of 公示 (375 px first): the running 公示 addressed to the member's union (its own and its
ancestors' notices whose audience holds it), one notice with its entries and the objection form (named or
anonymous), and the member's own objection (the receipt, its state and the answer)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.registry import member_union_of

from ..choices import EntryStatus
from ..forms import ObjectionForm
from ..selectors import (
    notice_entries,
    notice_get_for_member_or_404,
    notices_recently_closed_for_union,
    notices_running_for_union,
    objection_of_user_or_404,
)
from ..services import objection_submit, window_is_open

View = Callable[..., HttpResponse]


def member_view(view: View) -> View:
    """Logged in (the portal's login page) and a holding member of a union (else 403); `request.union` is it. The
    answer is never cached (a member's page on a shared phone)."""

    @login_required(login_url="portal:login")
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        union = member_union_of(request.user)
        if union is None:
            raise PermissionDenied
        request.union = union  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapped


@member_view
def portal_list(request: AuthedRequest) -> HttpResponse:
    union = request.union  # type: ignore[attr-defined]
    context = {
        "running": notices_running_for_union(union),
        "closed": notices_recently_closed_for_union(union),
    }
    return render(request, "notices/portal/notice_list.html", context)


@member_view
def portal_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    notice = notice_get_for_member_or_404(request.user, public_id)
    listed = notice_entries(notice).filter(status=EntryStatus.LISTED)
    is_open = window_is_open(notice)
    form = ObjectionForm(posted_data(request) if is_open else None, entries=listed)
    if is_open:
        done = form_perform(
            request,
            form,
            lambda data: objection_submit(
                notice=notice,
                user=request.user,
                entry=data["entry"],
                text=data["text"],
                anonymous=data["anonymous"],
                contact=data["contact"],
            ),
            success=lambda objection: f"异议已提交，受理编号 {objection.number}",
            then=lambda objection: reverse("notices:my_objection", args=[objection.public_id]),
        )
        if done is not None:
            return done
    context = {"notice": notice, "entries": listed, "form": form, "is_open": is_open}
    return render(request, "notices/portal/notice_detail.html", context)


@member_view
def my_objection(request: AuthedRequest, public_id: Any) -> HttpResponse:
    objection = objection_of_user_or_404(request.user, public_id)
    return render(request, "notices/portal/objection.html", {"objection": objection})
