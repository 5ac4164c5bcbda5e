"""Console pages of 签到: the sessions (search, pagination, create, edit), one session with its check-ins (count,
search, xlsx export), and the scanner: the camera through the vendored jsQR where the page is served over HTTPS,
and always the fallback of typing the member number, seeing the masked name and unit, and confirming."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_name
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.orgs.models import Org

from ..forms import ConfirmForm, FilterForm, NumberForm, ScanForm, SessionForm
from ..models import CheckIn, CheckinSession
from ..permissions import MANAGE, VIEW, session_admits, session_can_scan
from ..selectors import (
    checkins_of_target,
    member_by_number,
    member_get_by_public_id,
    session_get_visible_or_404,
    session_list_for_user,
    target_lists_for_user,
)
from ..services import checkin_export, checkin_manual, checkin_validate, session_create, session_update


def _managed_orgs(request: AuthedRequest) -> Any:
    return Org.objects.visible_to(request.user, MANAGE).filter(status="active").order_by("path")


def _target_lists(request: AuthedRequest) -> Any:
    return target_lists_for_user(request.user)


@console_view(VIEW)
def session_list(request: AuthedRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    context = {
        "form": form,
        "page": paginate(request, session_list_for_user(request.user, query=query)),
        "querystring": query_without_page(request),
        "filtered": bool(query),
        "can_create": _managed_orgs(request).exists(),
    }
    if htmx_partial(request):
        return render(request, "checkins/partials/session_table.html", context)
    return render(request, "checkins/session_list.html", context)


@console_view(MANAGE)
def session_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = _managed_orgs(request)
    form = SessionForm(
        posted_data(request), orgs=orgs, target_lists=_target_lists(request), initial={"org": orgs.first()}
    )

    def perform(data: dict[str, Any]) -> CheckinSession:
        return session_create(
            org=data["org"],
            title=data["title"],
            place=data["place"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            target_list=data["target_list"],
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success="签到场次已创建",
        then=lambda session: reverse("checkins:detail", args=[session.public_id]),
    )
    return done or render(request, "checkins/session_form.html", {"form": form, "session": None})


@console_view(MANAGE)
def session_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    session = session_get_visible_or_404(request.user, public_id, demand=MANAGE)
    initial = {
        "title": session.title,
        "place": session.place,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "target_list": session.target_list,
    }
    form = SessionForm(
        posted_data(request), editing=True, target_lists=_target_lists(request), initial=initial
    )
    done = form_perform(
        request,
        form,
        lambda data: session_update(
            session=session,
            title=data["title"],
            place=data["place"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            target_list=data["target_list"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=reverse("checkins:detail", args=[session.public_id]),
    )
    return done or render(request, "checkins/session_form.html", {"form": form, "session": session})


@console_view(VIEW)
def session_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    session = session_get_visible_or_404(request.user, public_id)
    form = FilterForm(request.GET)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    check_ins = checkins_of_target(session, query=query)
    context = {
        "session": session,
        "form": form,
        "page": paginate(request, check_ins),
        "querystring": query_without_page(request),
        "filtered": bool(query),
        "total": checkins_of_target(session).count(),
        "can_scan": session_can_scan(request.user, session),
    }
    if htmx_partial(request):
        return render(request, "checkins/partials/checkin_table.html", context)
    return render(request, "checkins/session_detail.html", context)


def _export_rows(check_ins: Any) -> list[list[Any]]:
    from django.utils import timezone

    return [
        [
            index,
            c.member.name,
            c.member.member_number or "",
            c.member.org.name,
            timezone.localtime(c.at).strftime("%Y-%m-%d %H:%M:%S"),
            c.get_method_display(),
            c.by.name or c.by.get_username(),
        ]
        for index, c in enumerate(reversed(list(check_ins)), start=1)
    ]


@sensitive_response
@require_POST
@console_view(VIEW)
def session_export(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """签到记录 of one session as xlsx (names unmasked: audited, never cached)."""
    session = session_get_visible_or_404(request.user, public_id)
    rows = _export_rows(checkins_of_target(session))
    content = checkin_export(session=session, rows=rows, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"签到记录-{session.title}.xlsx")


def _scanner_context(session: CheckinSession, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "session": session,
        "scan_form": ScanForm(),
        "number_form": NumberForm(),
        "total": checkins_of_target(session).count(),
        "recent": list(checkins_of_target(session)[:5]),
        "found": None,
        "result": None,
    }
    context.update(extra)
    return context


def _success(check_in: CheckIn) -> dict[str, str]:
    member = check_in.member
    return {"ok": "1", "name": mask_name(member.name), "unit": member.org.name, "reason": ""}


def _refusal(exc: ValidationError) -> dict[str, str]:
    return {"ok": "", "name": "", "unit": "", "reason": validation_error_text(exc)}


@console_view(MANAGE)
def session_scan(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The scanner: GET shows the camera and the number form; a POST of a scanned code checks the member in and
    shows the result big (green name, or red reason)."""
    session = session_get_visible_or_404(request.user, public_id, demand=MANAGE)
    result = None
    status = 200
    if request.method == "POST":
        form = ScanForm(request.POST)
        if form.is_valid():
            try:
                result = _success(
                    checkin_validate(target=session, payload=form.cleaned_data["payload"], actor=request.user)
                )
            except ValidationError as exc:
                result = _refusal(exc)
        else:
            result = {"ok": "", "name": "", "unit": "", "reason": "请扫描或粘贴会员码"}
        if not result["ok"]:
            status = 422
    return render(request, "checkins/scanner.html", _scanner_context(session, result=result), status=status)


@console_view(MANAGE)
def session_find(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The fallback, step 1: the typed member number → the masked name and unit, and 确认签到."""
    session = session_get_visible_or_404(request.user, public_id, demand=MANAGE)
    if request.method != "POST":
        return redirect("checkins:scan", public_id=session.public_id)
    form = NumberForm(request.POST)
    found = None
    if form.is_valid():
        member = member_by_number(form.cleaned_data["number"])
        # a member the session does not admit reads exactly like an unknown number: nothing of another union leaks
        if member is None or not session_admits(member, session):
            form.add_error("number", "没有找到该会员编号或会员卡号，或该会员不在本次签到范围")
            member = None
        if member is not None:
            found = {"public_id": member.public_id, "name": mask_name(member.name), "unit": member.org.name}
    context = _scanner_context(session, number_form=form, found=found)
    return render(request, "checkins/scanner.html", context, status=200 if found else 422)


@console_view(MANAGE)
def session_confirm(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The fallback, step 2: check in the member whose masked name the organiser confirmed."""
    session = session_get_visible_or_404(request.user, public_id, demand=MANAGE)
    if request.method != "POST":
        return redirect("checkins:scan", public_id=session.public_id)
    form = ConfirmForm(request.POST)
    member = member_get_by_public_id(form.cleaned_data["member"]) if form.is_valid() else None
    if member is None:
        result = {"ok": "", "name": "", "unit": "", "reason": "请先查找会员"}
    else:
        try:
            result = _success(checkin_manual(target=session, member=member, actor=request.user))
        except ValidationError as exc:
            result = _refusal(exc)
    return render(
        request,
        "checkins/scanner.html",
        _scanner_context(session, result=result),
        status=200 if result["ok"] else 422,
    )
