"""Console views of part classes: the class list (search, year, status, pagination), create and edit, the class
page (seats through the quotas pages, sessions with their scanner, trainees with admit / decline / withdraw /
assess, the timeline), the status buttons (publish, close, finish and cancel with confirmation pages), the
nomination page of a union given seats, the attendance table, the trainee export and the hours report with its
export."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.checkins.scanning import checked_in, scan_step
from gonghui.checkins.services import checkin_manual, checkin_validate
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..choices import ClassStatus, TraineeStatus
from ..forms.classes import (
    AssessForm,
    CancelForm,
    ClassFilterForm,
    ClassForm,
    DeclineForm,
    HoursFilterForm,
    NominateFilterForm,
    NominateForm,
    SessionForm,
)
from ..models import TrainingClass, TrainingSession
from ..permissions import MANAGE, VIEW
from ..selectors import classes as sel
from ..services import classes as svc
from ..spreadsheets import hours_workbook, trainees_workbook


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail_url(training_class: TrainingClass) -> str:
    return reverse("learning:class_detail", args=[training_class.public_id])


def _class_for_manager(request: AuthedRequest, public_id: Any) -> TrainingClass:
    training_class = sel.class_for(request.user, public_id)
    _require(sel.can_manage_class(request.user, training_class))
    return training_class


def _managed_orgs(request: AuthedRequest) -> Any:
    return Org.objects.visible_to(request.user, MANAGE).order_by("path")


# --- classes ------------------------------------------------------------------------------------------------
@console_view(VIEW)
def class_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ClassFilterForm(request.GET, years=sel.class_years(user))
    query, year, status = "", None, ""
    if form.is_valid():
        query, year, status = form.cleaned_data["q"], form.cleaned_data["year"], form.cleaned_data["status"]
    context = {
        "form": form,
        "page": paginate(request, sel.class_list(user, query=query, year=year, status=status)),
        "querystring": query_without_page(request),
        "filtered": bool(query or year or status),
        "may_create": _managed_orgs(request).exists(),
    }
    return render(request, "learning/classes/class_list.html", context)


def _class_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in svc.CLASS_FIELDS}


@console_view(VIEW)
def class_create(request: AuthedRequest) -> HttpResponse:
    orgs = _managed_orgs(request)
    _require(orgs.exists())
    form = ClassForm(posted_data(request), orgs=orgs, initial={"year": timezone.localdate().year})
    done = form_perform(
        request,
        form,
        lambda data: svc.class_create(org=data["org"], actor=request.user, **_class_data(data)),
        success="已新建培训班，请分配名额并添加课次",
        then=_detail_url,
    )
    return done or render(request, "learning/classes/class_form.html", {"form": form, "training_class": None})


@console_view(VIEW)
def class_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = _class_for_manager(request, public_id)
    initial = {key: getattr(training_class, key) for key in svc.CLASS_FIELDS}
    form = ClassForm(posted_data(request), orgs=Org.objects.none(), editing=True, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.class_update(training_class=training_class, actor=request.user, **_class_data(data)),
        success="已保存",
        then=_detail_url,
    )
    context = {"form": form, "training_class": training_class}
    return done or render(request, "learning/classes/class_form.html", context)


@console_view(VIEW)
def class_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    training_class = sel.class_for(user, public_id)
    can_manage = sel.can_manage_class(user, training_class)
    trainees = list(sel.trainees_for(user, training_class))
    my_orgs = {a.allocation.org_id for a in sel.my_allocations(user, training_class)}
    today = timezone.localdate()
    started = training_class.starts_on <= today
    context = {
        "training_class": training_class,
        "can_manage": can_manage,
        "seats": sel.class_seats(training_class),
        "allocations": sel.my_allocations(user, training_class),
        "may_nominate": sel.may_nominate(user, training_class),
        "sessions": list(sel.sessions_of(training_class)),
        "trainees": trainees,
        "my_orgs": my_orgs,
        "started": started,
        "may_assess": can_manage and training_class.status == ClassStatus.CLOSED and started,
        "may_withdraw": training_class.status in svc.OPEN and not started,
        "may_decide": can_manage and training_class.status in (ClassStatus.NOMINATING, ClassStatus.CLOSED),
        "sessions_editable": can_manage and training_class.status in svc.OPEN,
        "timeline": timeline_for(training_class) if can_manage else [],
        "status_nominated": TraineeStatus.NOMINATED,
        "status_admitted": TraineeStatus.ADMITTED,
    }
    return render(request, "learning/classes/class_detail.html", context)


@require_POST
@console_view(VIEW)
def class_publish(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = _class_for_manager(request, public_id)
    return button_perform(
        request,
        lambda: svc.class_publish(training_class=training_class, actor=request.user),
        success="已发布，获得名额的工会可以推荐学员",
        back=_detail_url(training_class),
    )


@require_POST
@console_view(VIEW)
def class_close(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = _class_for_manager(request, public_id)
    return button_perform(
        request,
        lambda: svc.class_close(training_class=training_class, actor=request.user),
        success="已截止报名",
        back=_detail_url(training_class),
    )


@console_view(VIEW)
def class_finish(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """结业: a confirmation page, then the hours are recounted and the certificates issued."""
    training_class = _class_for_manager(request, public_id)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.class_finish(training_class=training_class, actor=request.user),
            success="已结业，学时已统计" + ("，结业证书已发放" if training_class.certificate else ""),
            back=_detail_url(training_class),
        )
    trainees = list(sel.trainees_for(request.user, training_class).filter(status=TraineeStatus.ADMITTED))
    context = {
        "training_class": training_class,
        "admitted": len(trainees),
        "unassessed": sum(1 for t in trainees if not t.result),
        "may_finish": training_class.status == ClassStatus.CLOSED,
    }
    return render(request, "learning/classes/class_finish.html", context)


@console_view(VIEW)
def class_cancel(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = _class_for_manager(request, public_id)
    form = CancelForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.class_cancel(
            training_class=training_class, reason=data["reason"], actor=request.user
        ),
        success="已取消培训班，已通知推荐单位",
        then=_detail_url(training_class),
    )
    context = {
        "training_class": training_class,
        "form": form,
        "may_cancel": training_class.status in svc.OPEN,
    }
    return done or render(request, "learning/classes/class_cancel.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def trainee_export(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """学员名单 as xlsx (names: audited, never cached)."""
    training_class = sel.class_for(request.user, public_id)
    content, rows = trainees_workbook(training_class, sel.trainees_for(request.user, training_class))
    svc.trainee_export_audit(
        training_class=training_class, rows=rows, actor=request.user, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"学员名单-{training_class.title}.xlsx")


@console_view(VIEW)
def class_attendance(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = sel.class_for(request.user, public_id)
    context = {"training_class": training_class, "table": sel.attendance_table(request.user, training_class)}
    return render(request, "learning/classes/class_attendance.html", context)


# --- nominations --------------------------------------------------------------------------------------------
@console_view(VIEW)
def trainee_nominate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """A union given seats picks a member of its subtree and names their 工会职务; one place each."""
    user = request.user
    training_class = sel.class_for(user, public_id)
    allocations = sel.my_allocations(user, training_class)
    if not allocations:
        context = {"training_class": training_class, "allocations": [], "current": None}
        return render(request, "learning/classes/nominate.html", context)
    chosen = request.GET.get("allocation") or request.POST.get("allocation") or ""
    current = next((a for a in allocations if str(a.allocation.pk) == chosen), allocations[0])
    allocation = current.allocation
    filter_form = NominateFilterForm(request.GET)
    query = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
    form = NominateForm(posted_data(request))

    def perform(data: dict[str, Any]) -> Any:
        member = sel.candidate_for(user, allocation, data["member"])
        if member is None:
            raise ValidationError({"member": "请从候选人中选择会员"})
        return svc.trainee_nominate(
            training_class=training_class, allocation=allocation, member=member, post=data["post"], actor=user
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda t: f"已推荐{t.member.name}，占用“{allocation.org.name}”名额 1 个",
        then=f"{reverse('learning:trainee_nominate', args=[training_class.public_id])}?allocation={allocation.pk}",
    )
    if done:
        return done
    context = {
        "training_class": training_class,
        "allocations": allocations,
        "current": current,
        "filter_form": filter_form,
        "form": form,
        "page": paginate(request, sel.candidates_to_list(user, allocation, query=query)),
        "querystring": query_without_page(request),
        "nominating": training_class.status == ClassStatus.NOMINATING,
    }
    return render(request, "learning/classes/nominate.html", context, status=422 if form.errors else 200)


@require_POST
@console_view(VIEW)
def trainee_admit(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = sel.trainee_for(request.user, trainee_id)
    return button_perform(
        request,
        lambda: svc.trainee_admit(trainee=trainee, actor=request.user),
        success=f"已录取{trainee.member.name}",
        back=_detail_url(trainee.training_class),
    )


@require_POST
@console_view(VIEW)
def trainee_decline(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = sel.trainee_for(request.user, trainee_id)
    form = DeclineForm(request.POST)
    return button_perform(
        request,
        lambda: svc.trainee_decline(trainee=trainee, note=form.cleaned_data["note"], actor=request.user),
        success=f"已不录取{trainee.member.name}，名额已退回推荐单位",
        back=_detail_url(trainee.training_class),
        form=form,
    )


@require_POST
@console_view(VIEW)
def trainee_withdraw(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = sel.trainee_for(request.user, trainee_id)
    return button_perform(
        request,
        lambda: svc.trainee_withdraw(trainee=trainee, actor=request.user),
        success=f"已撤回对{trainee.member.name}的推荐，名额已释放",
        back=_detail_url(trainee.training_class),
    )


@console_view(VIEW)
def trainee_assess(request: AuthedRequest, trainee_id: int) -> HttpResponse:
    trainee = sel.trainee_for(request.user, trainee_id)
    _require(sel.can_manage_class(request.user, trainee.training_class))
    initial = {"result": trainee.result, "note": trainee.result_note}
    form = AssessForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.trainee_assess(
            trainee=trainee, result=data["result"], note=data["note"], actor=request.user
        ),
        success=f"已记录{trainee.member.name}的考核结果",
        then=_detail_url(trainee.training_class),
    )
    return done or render(request, "learning/classes/assess.html", {"trainee": trainee, "form": form})


# --- sessions -----------------------------------------------------------------------------------------------
def _session_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in ("topic", "teacher", "starts_at", "ends_at", "hours")}


@console_view(VIEW)
def session_create(request: AuthedRequest, public_id: Any) -> HttpResponse:
    training_class = _class_for_manager(request, public_id)
    form = SessionForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.session_create(
            training_class=training_class, actor=request.user, **_session_data(data)
        ),
        success="已添加课次",
        then=_detail_url(training_class),
    )
    context = {"training_class": training_class, "form": form, "session": None}
    return done or render(request, "learning/classes/session_form.html", context)


def _session_for_manager(request: AuthedRequest, public_id: Any) -> TrainingSession:
    return sel.session_for(request.user, public_id, demand=MANAGE)


@console_view(VIEW)
def session_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    session = _session_for_manager(request, public_id)
    training_class = session.training_class
    initial = {
        "topic": session.topic,
        "teacher": session.teacher,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "hours": session.hours,
    }
    form = SessionForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.session_update(session=session, actor=request.user, **_session_data(data)),
        success="已保存课次",
        then=_detail_url(training_class),
    )
    context = {"training_class": training_class, "form": form, "session": session}
    return done or render(request, "learning/classes/session_form.html", context)


@console_view(VIEW)
def session_delete(request: AuthedRequest, public_id: Any) -> HttpResponse:
    session = _session_for_manager(request, public_id)
    training_class = session.training_class
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.session_delete(session=session, actor=request.user),
            success="已删除课次",
            back=_detail_url(training_class),
        )
    context = {"training_class": training_class, "session": session}
    return render(request, "learning/classes/session_delete.html", context)


@console_view(VIEW)
def session_scan(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """课次签到: a scanned 会员码 (`step=scan`), or the member number typed (`step=find`, then `step=confirm`
    after the masked name is shown); only admitted trainees are found or accepted."""
    user = request.user
    session = sel.session_for(user, public_id)
    _require(sel.session_can_scan(user, session))
    step = scan_step(
        request,
        find=lambda number: sel.admitted_member_by_number(session, number),
        confirm=lambda member_id: sel.admitted_member_by_public_id(session, member_id),
        typed=lambda member: checked_in(checkin_manual(target=session, member=member, actor=user)),
        scanned=lambda payload: checked_in(checkin_validate(target=session, payload=payload, actor=user)),
        not_found="没有找到该会员编号或会员卡号，或该会员不是本班录取学员",
        find_first="请先输入会员编号查找学员",
    )
    checkins = sel.session_checkins(session)
    opens, ends = sel.session_window(session)
    context = {
        "training_class": session.training_class,
        "session": session,
        "result": step.result,
        "found": step.found,
        "number_form": step.number_form,
        "total": checkins.count(),
        "recent": list(checkins.order_by("-at", "-pk")[:5]),
        "opens": opens,
        "ends": ends,
    }
    return render(request, "learning/classes/session_scan.html", context, status=step.status)


# --- the hours report ---------------------------------------------------------------------------------------
def _hours_filters(request: AuthedRequest, data: Any) -> tuple[HoursFilterForm, int, Org | None, str]:
    this_year = timezone.localdate().year
    # this year, the five before it, and every year a class the user sees was held (the 2020 class)
    years = sorted({*range(this_year, this_year - 6, -1), *sel.class_years(request.user)}, reverse=True)
    form = HoursFilterForm(data, years=years, orgs=sel.report_unions(request.user))
    year, org, view = this_year, None, "cadre"
    if form.is_valid():
        year = form.cleaned_data["year"] or this_year
        org = form.cleaned_data["org"]
        view = form.cleaned_data["view"] or "cadre"
    return form, year, org, view


def _hours_rows(request: AuthedRequest, year: int, org: Org | None, view: str) -> list[sel.HoursRow]:
    if view == "union":
        return sel.hours_by_union(request.user, year=year, root=org)
    return sel.hours_by_cadre(request.user, year=year, root=org)


@console_view(VIEW)
def hours_report(request: AuthedRequest) -> HttpResponse:
    form, year, org, view = _hours_filters(request, request.GET)
    rows = _hours_rows(request, year, org, view)
    context = {
        "form": form,
        "year": year,
        "view": view,
        "page": paginate(request, rows),  # type: ignore[arg-type]
        "querystring": query_without_page(request),
        "totals": {
            "lessons": sum((r.lessons for r in rows), sel.ZERO),
            "courses": sum((r.courses for r in rows), sel.ZERO),
            "classes": sum((r.classes for r in rows), sel.ZERO),
            "total": sum((r.total for r in rows), sel.ZERO),
        },
    }
    return render(request, "learning/classes/hours_report.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def hours_export(request: AuthedRequest) -> HttpResponse:
    _form, year, org, view = _hours_filters(request, request.POST)
    rows = _hours_rows(request, year, org, view)
    content, count = hours_workbook(year, view, rows)
    svc.hours_export_audit(
        year=year, rows=count, actor=request.user, context=AuditContext.of(request), org=org
    )
    return xlsx_response(content, f"学时统计-{year}.xlsx")
