"""Console views of part exercise — 工间操: routines (list with search and filter, form, page with the video and
the units adopting it), the video upload (a form posted to …/media-upload/, the large-media policy's type and
size cap), adoption by a unit and its stop, a unit's day (confirm the number who took part, or check members in
by their 会员码 or number), and the adoption and participation rates rolled up the tree (xlsx)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_name
from gonghui.attachments.policies import MB, VIDEO_POLICY
from gonghui.checkins.forms import NumberForm, ScanForm
from gonghui.checkins.services import checkin_manual, checkin_validate
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import apply_validation_error, button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..forms.exercise import (
    AdoptionForm,
    ConfirmForm,
    RatesForm,
    RoutineFilterForm,
    RoutineForm,
    VideoForm,
    parse_day,
)
from ..models import ExerciseAdoption, ExerciseRoutine
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors import exercise as sel
from ..services import exercise as svc
from ..spreadsheets.exercise import rates_workbook


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _routine_url(routine: ExerciseRoutine) -> str:
    return reverse("activities:routine_detail", args=[routine.public_id])


def _adoption_url(adoption: ExerciseAdoption) -> str:
    return reverse("activities:adoption_detail", args=[adoption.public_id])


@console_view(VIEW)
def routine_list(request: AuthedRequest) -> HttpResponse:
    form = RoutineFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    routines = sel.routines_for_user(request.user, query=data.get("q", ""), state=data.get("state", ""))
    context = {
        "form": form,
        "page": paginate(request, routines),
        "querystring": query_without_page(request),
        "filtered": bool(data.get("q") or data.get("state")),
        "may_create": sel.routine_orgs(request.user).exists(),
    }
    return render(request, "activities/exercise/routine_list.html", context)


def _routine_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("name", "description", "minutes", "active")}


@console_view(MANAGE)
def routine_create(request: AuthedRequest) -> HttpResponse:
    orgs = sel.routine_orgs(request.user)
    form = RoutineForm(posted_data(request), orgs=orgs, initial={"org": orgs.first(), "active": True})
    done = form_perform(
        request,
        form,
        lambda data: svc.routine_save(actor=request.user, org=data["org"], **_routine_fields(data)),
        success=lambda r: f"已发布工间操“{r.name}”，请上传示范视频",
        then=lambda r: reverse("activities:routine_video", args=[r.public_id]),
    )
    return done or render(request, "activities/exercise/routine_form.html", {"form": form, "routine": None})


@console_view(VIEW)
def routine_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    routine = sel.routine_for(request.user, public_id)
    _require(sel.may_manage_routine(request.user, routine))
    initial = {k: getattr(routine, k) for k in ("name", "description", "minutes", "active")}
    form = RoutineForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.routine_save(
            actor=request.user, org=routine.org, routine=routine, **_routine_fields(data)
        ),
        success="已保存",
        then=_routine_url(routine),
    )
    return done or render(
        request, "activities/exercise/routine_form.html", {"form": form, "routine": routine}
    )


@console_view(VIEW)
def routine_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    routine = sel.routine_for(user, public_id)
    context = {
        "routine": routine,
        "video": sel.video_of(routine),
        "may_manage": sel.may_manage_routine(user, routine),
        "may_adopt": routine.active and sel.adopt_orgs(user, routine).exists(),
        "page": paginate(request, sel.adoptions_of(user, routine)),
        "querystring": query_without_page(request),
        "timeline": timeline_for(routine),
        "today": timezone.localdate(),
    }
    return render(request, "activities/exercise/routine_detail.html", context)


@console_view(VIEW)
def routine_video(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The video upload (…/media-upload/: the only URL nginx lets large bodies through)."""
    routine = sel.routine_for(request.user, public_id)
    _require(sel.may_manage_routine(request.user, routine))
    form = VideoForm(posted_data(request), request.FILES if request.method == "POST" else None)
    done = form_perform(
        request,
        form,
        lambda data: svc.routine_video_save(routine=routine, upload=data["file"], actor=request.user),
        success=lambda a: f"已上传视频“{a.original_name}”",
        then=_routine_url(routine),
    )
    context = {
        "routine": routine,
        "form": form,
        "video": sel.video_of(routine),
        "cap_mb": VIDEO_POLICY.size_cap() // MB,
    }
    return done or render(
        request, "activities/exercise/routine_video.html", context, status=422 if form.errors else 200
    )


@console_view(VIEW)
def adoption_create(request: AuthedRequest, public_id: Any) -> HttpResponse:
    routine = sel.routine_for(request.user, public_id)
    orgs = sel.adopt_orgs(request.user, routine)
    _require(orgs.exists())
    initial: dict[str, Any] = {
        "org": orgs.last(),
        "weekdays": list("12345"),
        "time_of_day": dt.time(10, 0),
        "started_on": timezone.localdate(),
    }
    form = AdoptionForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.adoption_save(
            actor=request.user,
            routine=routine,
            org=data["org"],
            weekdays="".join(data["weekdays"]),
            time_of_day=data["time_of_day"],
            place=data["place"],
            started_on=data["started_on"],
        ),
        success=lambda a: f"{a.org.name}已登记推广“{routine.name}”",
        then=_adoption_url,
    )
    return done or render(
        request, "activities/exercise/adoption_form.html", {"form": form, "routine": routine}
    )


@console_view(VIEW)
def adoption_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    adoption = sel.adoption_for(user, public_id)
    context = {
        "adoption": adoption,
        "routine": adoption.routine,
        "weekdays": svc.weekdays_text(adoption.weekdays),
        "may_manage": can_manage_for(user, adoption.org),
        "page": paginate(request, sel.recent_sessions(adoption)),
        "querystring": query_without_page(request),
        "members": svc.adoption_member_count(adoption),
        "timeline": timeline_for(adoption),
        "today": timezone.localdate(),
        "runs_today": svc.adoption_runs_on(adoption, timezone.localdate()),
    }
    return render(request, "activities/exercise/adoption_detail.html", context)


@require_POST
@console_view(VIEW)
def adoption_stop(request: AuthedRequest, public_id: Any) -> HttpResponse:
    adoption = sel.adoption_for(request.user, public_id)
    _require(can_manage_for(request.user, adoption.org))
    return button_perform(
        request,
        lambda: svc.adoption_stop(actor=request.user, adoption=adoption),
        success=f"{adoption.org.name}已停止推广“{adoption.routine.name}”",
        back=_adoption_url(adoption),
    )


def _scan_result(check_in: Any) -> dict[str, str]:
    member = check_in.member
    return {"ok": "1", "name": mask_name(member.name), "unit": member.org.name, "reason": ""}


def _day_post(
    request: AuthedRequest, adoption: ExerciseAdoption, day: dt.date, forms: dict[str, Any]
) -> tuple[dict[str, str] | None, dict[str, Any] | None, bool]:
    """One POST of the day page: (scan result, member found by number, confirmed?)."""
    user = request.user
    step = request.POST.get("step", "scan")
    if step == "confirm_count":
        form = forms["confirm_form"] = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                svc.session_confirm(
                    actor=user,
                    adoption=adoption,
                    day=day,
                    count=form.cleaned_data["count"],
                    note=form.cleaned_data["note"],
                )
                return None, None, True
            except ValidationError as exc:
                apply_validation_error(form, exc)
        return None, None, False
    try:
        if step == "find":
            number_form = forms["number_form"] = NumberForm(request.POST)
            if not number_form.is_valid():
                return None, None, False
            member = sel.member_for_scan(adoption, number_form.cleaned_data["number"])
            if member is None:
                number_form.add_error("number", "没有找到该会员编号或会员卡号，或该会员不是本单位会员")
                return None, None, False
            return (
                None,
                {"public_id": member.public_id, "name": mask_name(member.name), "unit": member.org.name},
                False,
            )
        session = svc.session_for_day(actor=user, adoption=adoption, day=day)
        if step == "confirm":
            member = sel.member_in_adoption(adoption, request.POST.get("member", ""))
            if member is None:
                raise ValidationError("请先查找会员")
            return _scan_result(checkin_manual(target=session, member=member, actor=user)), None, False
        scan = ScanForm(request.POST)
        if not scan.is_valid():
            raise ValidationError("请扫描或粘贴会员码")
        return (
            _scan_result(checkin_validate(target=session, payload=scan.cleaned_data["payload"], actor=user)),
            None,
            False,
        )
    except ValidationError as exc:
        return {"ok": "", "name": "", "unit": "", "reason": validation_error_text(exc)}, None, False


@console_view(VIEW)
def session_day(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """A unit's 工间操 of one day (`?day=2026-12-07`, today by default): confirm the number who took part, or
    check members in (camera / scan gun, or the member number typed and the masked name confirmed)."""
    user = request.user
    adoption = sel.adoption_for(user, public_id)
    may_manage = can_manage_for(user, adoption.org)
    day = parse_day(request.GET.get("day"))
    forms: dict[str, Any] = {"confirm_form": ConfirmForm(), "number_form": NumberForm()}
    result = found = None
    status = 200
    if request.method == "POST":
        _require(may_manage)
        result, found, confirmed = _day_post(request, adoption, day, forms)
        if confirmed:
            messages.success(request, f"已确认 {day:%Y年%-m月%-d日} 的参与人数")
            return htmx_redirect(request, f"{request.path}?day={day:%Y-%m-%d}")
        failed = (result and not result["ok"]) or any(f.errors for f in forms.values())
        status = 422 if failed else 200
    session = sel.session_of_day(adoption, day)
    recent = list(sel.session_checkins(session)[:10]) if session else []
    if session and session.confirmed_count is not None and request.method != "POST":
        forms["confirm_form"] = ConfirmForm(initial={"count": session.confirmed_count, "note": session.note})
    today = timezone.localdate()
    context = {
        "adoption": adoption,
        "routine": adoption.routine,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1) if day < today else None,
        "runs": svc.adoption_runs_on(adoption, day) and day <= today,
        "is_today": day == today,
        "session": session,
        "recent": recent,
        "result": result,
        "found": found,
        "may_manage": may_manage,
        "members": svc.adoption_member_count(adoption),
        "timeline": timeline_for(session) if session else [],
        **forms,
    }
    return render(request, "activities/exercise/session_day.html", context, status=status)


def _rates_context(request: AuthedRequest) -> dict[str, Any]:
    form = RatesForm(request.GET)
    form.is_valid()
    month = form.month_value()
    roots = sel.rate_roots(request.user)
    root = roots.filter(pk=form.cleaned_data.get("org") or 0).first() or roots.first()
    if root is None:
        raise PermissionDenied
    return {"form": form, "month": month, "root": root, "rows": sel.exercise_rates(root, month)}


@console_view(VIEW)
def exercise_rates(request: AuthedRequest) -> HttpResponse:
    context = _rates_context(request)
    context["querystring"] = request.GET.urlencode()
    return render(request, "activities/exercise/rates.html", context)


@console_view(VIEW)
def exercise_rates_export(request: AuthedRequest) -> HttpResponse:
    context = _rates_context(request)
    content = rates_workbook(context["root"], context["month"], context["rows"])
    return xlsx_response(
        content, f"工间操推广与参与率-{context['root'].name}-{context['month']:%Y年%m月}.xlsx"
    )
