"""Console views of part attendance: the organiser's scanner for an activity (the rotating 会员码 through the
camera, a scan gun or a pasted code; the typed member number, then the masked name confirmed; a second scan or
number records the check-out when the activity asks for one), the attendance list (已签到 / 迟到 / 未签退 / 未到,
search, pagination, xlsx export, 签退), 补登 by hand with a reason, and after the event the report with its
photos."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_name
from gonghui.checkins.scanning import scan_step
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..forms.attendance import (
    AttendanceFilterForm,
    ManualForm,
    PhotoForm,
    ReportForm,
)
from ..models import Activity, Attendance
from ..permissions import VIEW, can_manage_for
from ..selectors import attendance as sel
from ..services import attendance as svc
from ..spreadsheets.attendance import attendance_workbook


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def activity_url(activity: Activity) -> str:
    """The activity's page (part events)."""
    return reverse("activities:detail", args=[activity.pk])


def _base(activity: Activity, user: Any) -> dict[str, Any]:
    return {
        "activity": activity,
        "activity_url": activity_url(activity),
        "can_manage": can_manage_for(user, activity.org),
    }


def _result(attendance: Attendance) -> dict[str, str]:
    member = attendance.member
    checked_out = attendance.checked_out_at is not None
    if checked_out:
        at = timezone.localtime(attendance.checked_out_at).strftime("%H:%M")
    else:
        at = timezone.localtime(attendance.checked_in_at).strftime("%H:%M")
    return {
        "ok": "1",
        "verb": "签退成功" if checked_out else "签到成功",
        "name": mask_name(member.name),
        "unit": member.org.name,
        "at": at,
        "late": "1" if attendance.late and not checked_out else "",
        "reason": "",
    }


def _refused(exc: ValidationError) -> dict[str, str]:
    return {
        "ok": "",
        "verb": "",
        "name": "",
        "unit": "",
        "at": "",
        "late": "",
        "reason": validation_error_text(exc),
    }


@console_view(VIEW)
def scan(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """扫码签到: a scanned 会员码 (`step=scan`), or the member number typed (`step=find`, then `step=confirm` after
    the masked name is shown). The check-in block refuses an expired code, a member the activity does not admit, a
    code used already and a scan outside the window; the activity's `on_checkin` writes the attendance."""
    user = request.user
    activity = sel.activity_for(user, activity_id)
    _require(sel.activity_can_scan(user, activity))
    step = scan_step(
        request,
        find=lambda number: sel.member_for_scan(activity, number),
        confirm=lambda member_id: sel.member_by_public_id(activity, member_id),
        typed=lambda member: _result(svc.attendance_typed(activity=activity, member=member, actor=user)),
        scanned=lambda payload: _result(svc.attendance_scan(activity=activity, payload=payload, actor=user)),
        not_found="没有找到该会员编号或会员卡号，或该会员不在本活动签到范围",
        refusal=_refused,
    )
    opens, ends = sel.activity_window(activity)
    context = {
        **_base(activity, user),
        "result": step.result,
        "found": step.found,
        "number_form": step.number_form,
        "counts": sel.attendance_counts(activity),
        "recent": list(sel.activity_checkins(activity).order_by("-at", "-pk")[:8]),
        "opens": opens,
        "ends": ends,
    }
    return render(request, "activities/attendance/scan.html", context, status=step.status)


@console_view(VIEW)
def attendance_list(request: AuthedRequest, activity_id: int) -> HttpResponse:
    user = request.user
    activity = sel.activity_for(user, activity_id)
    form = AttendanceFilterForm(request.GET)
    status, query = ("", "")
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    counts = sel.attendance_counts(activity)
    context = {
        **_base(activity, user),
        "form": form,
        "status": status,
        "absent_view": status == sel.FILTER_ABSENT,
        "filters": [
            (key, label, counts["absent"] if key == sel.FILTER_ABSENT else None) for key, label in sel.FILTERS
        ],
        "page": paginate(request, sel.attendance_rows(activity, status=status, query=query)),
        "querystring": query_without_page(request),
        "filtered": bool(query),
        "counts": counts,
        "can_scan": sel.activity_can_scan(user, activity),
    }
    return render(request, "activities/attendance/list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def attendance_export(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """签到名单 and 未到 as xlsx (full names and member numbers: audited, never cached)."""
    activity = sel.activity_for(request.user, activity_id)
    absent = list(sel.no_shows(activity)) if sel.has_ended(activity) else None
    content, rows = attendance_workbook(
        activity, sel.attendance_of(activity).order_by("checked_in_at", "pk"), absent
    )
    svc.attendance_export(
        activity=activity, content=content, rows=rows, actor=request.user, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"签到名单-{activity.title}.xlsx")


@console_view(VIEW)
def attendance_manual(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """补登: the member's number, the time (now when left empty) and the reason."""
    user = request.user
    activity = sel.activity_for(user, activity_id)
    _require(can_manage_for(user, activity.org))
    form = ManualForm(posted_data(request))

    def perform(data: dict[str, Any]) -> Attendance:
        member = sel.member_for_manual(activity, data["number"])
        if member is None:
            raise ValidationError({"number": "没有找到该会员编号或会员卡号，或该会员不在本活动签到范围"})
        return svc.attendance_manual(
            activity=activity,
            member=member,
            reason=data["reason"],
            at=data.get("at"),
            actor=user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda a: f"已为{a.member.name}补登签到",
        then=reverse("activities:attendance", args=[activity.pk]),
    )
    return done or render(
        request, "activities/attendance/manual.html", {**_base(activity, user), "form": form}
    )


@require_POST
@console_view(VIEW)
def checkout(request: AuthedRequest, attendance_id: int) -> HttpResponse:
    """签退 for a member who left without scanning (activities with check-out only)."""
    attendance = sel.attendance_for(request.user, attendance_id)
    _require(can_manage_for(request.user, attendance.activity.org))
    back = reverse("activities:attendance", args=[attendance.activity_id])
    return button_perform(
        request,
        lambda: svc.attendance_checkout(attendance=attendance, actor=request.user),
        success=lambda a: f"已为{a.member.name}签退",
        back=back,
    )


@console_view(VIEW)
def report(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """活动总结 and photos: the organiser writes the report after the event and uploads photos; who may see the
    activity reads them (photos through the attachments' checked view)."""
    user = request.user
    activity = sel.activity_for(user, activity_id)
    can_manage = can_manage_for(user, activity.org)
    if request.method == "POST":
        _require(can_manage)
    form = ReportForm(posted_data(request), initial={"report": activity.report})
    done = form_perform(
        request,
        form,
        lambda data: svc.activity_report_save(activity=activity, text=data["report"], actor=user),
        success="活动总结已保存",
        then=reverse("activities:report", args=[activity.pk]),
    )
    context = {
        **_base(activity, user),
        "form": form,
        "photo_form": PhotoForm(),
        "photos": list(sel.activity_photos(activity)),
        "ended": sel.has_ended(activity),
        "counts": sel.attendance_counts(activity),
    }
    return done or render(request, "activities/attendance/report.html", context)


@require_POST
@console_view(VIEW)
def photo_add(request: AuthedRequest, activity_id: int) -> HttpResponse:
    user = request.user
    activity = sel.activity_for(user, activity_id)
    _require(can_manage_for(user, activity.org))
    form = PhotoForm(request.POST, request.FILES)
    back = reverse("activities:report", args=[activity.pk])
    return button_perform(
        request,
        lambda: svc.activity_photo_add(activity=activity, upload=form.cleaned_data["photo"], actor=user),
        success=lambda p: f"已上传照片“{p.original_name}”",
        back=back,
        form=form,
        error_prefix="上传失败：",
    )


@require_POST
@console_view(VIEW)
def photo_remove(request: AuthedRequest, activity_id: int, public_id: Any) -> HttpResponse:
    user = request.user
    activity = sel.activity_for(user, activity_id)
    _require(can_manage_for(user, activity.org))
    return button_perform(
        request,
        lambda: svc.activity_photo_remove(activity=activity, public_id=public_id, actor=user),
        success=lambda name: f"已删除照片“{name}”",
        back=reverse("activities:report", args=[activity.pk]),
    )
