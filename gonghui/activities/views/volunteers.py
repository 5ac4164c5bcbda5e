"""Console views of part volunteers (志愿服务): the teams of the user's subtree (filters, search, pagination), 建队
and 修改, a team's page (volunteers, projects, timeline) with 添加志愿者 and 退出, projects (place and tags, dates,
content, the linked activity) with the batch entry of one day's service, a record's correction and 撤销 while not
publicised, 公示 of the pending records, a volunteer's record page (records, training and awards, totals), the
yearly totals per volunteer and per team with their xlsx export (POST, audited, no-store)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..choices import ServiceRecordStatus
from ..forms.volunteers import (
    AttendanceRecordsForm,
    ConfirmForm,
    HoursFilterForm,
    LeaveForm,
    NoteForm,
    ProjectForm,
    ReasonForm,
    RecordBatchForm,
    RecordForm,
    TeamFilterForm,
    TeamForm,
    VolunteerAddForm,
)
from ..permissions import MANAGE, VIEW
from ..selectors import volunteers as sel
from ..services import volunteers as svc
from ..spreadsheets.volunteers import hours_export


def _team_filters(request: AuthedRequest) -> tuple[TeamFilterForm, sel.TeamFilters]:
    form = TeamFilterForm(request.GET, orgs=sel.visible_orgs(request.user))
    if not form.is_valid():
        return form, sel.TeamFilters()
    data = form.cleaned_data
    org = data.get("org")
    return form, sel.TeamFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        org=org.pk if org else None,
        active=data.get("active") or "",
    )


@console_view(VIEW)
def team_list(request: AuthedRequest) -> HttpResponse:
    form, filters = _team_filters(request)
    context = {
        "form": form,
        "page": paginate(request, sel.team_list_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "may_create": sel.team_orgs(request.user).exists(),
    }
    return render(request, "activities/volunteers/team_list.html", context)


def _team_fields(data: dict[str, Any], org: Any) -> dict[str, Any]:
    leader = svc.member_find(org, data["leader"], field="leader") if data["leader"].strip() else None
    return {
        "name": data["name"],
        "kind": data["kind"],
        "description": data["description"],
        "leader": leader,
        "founded_on": data["founded_on"],
        "active": data["active"],
    }


@console_view(MANAGE)
def team_create(request: AuthedRequest) -> HttpResponse:
    orgs = sel.team_orgs(request.user)
    form = TeamForm(posted_data(request), orgs=orgs, initial={"org": orgs.first(), "active": True})
    done = form_perform(
        request,
        form,
        lambda data: svc.team_save(actor=request.user, org=data["org"], **_team_fields(data, data["org"])),
        success=lambda team: f"已建立志愿服务队“{team.name}”，请添加志愿者",
        then=lambda team: reverse("activities:team_detail", args=[team.pk]),
    )
    return done or render(request, "activities/volunteers/team_form.html", {"form": form, "team": None})


@console_view(VIEW)
def team_edit(request: AuthedRequest, team_id: int) -> HttpResponse:
    team = sel.team_for(request.user, team_id, demand=MANAGE)
    initial = {
        "name": team.name,
        "kind": team.kind,
        "description": team.description,
        "leader": (team.leader.member_number or team.leader.name) if team.leader else "",
        "founded_on": team.founded_on,
        "active": team.active,
    }
    form = TeamForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.team_save(actor=request.user, team=team, **_team_fields(data, team.org)),
        success=lambda saved: f"已保存服务队“{saved.name}”",
        then=reverse("activities:team_detail", args=[team.pk]),
    )
    return done or render(request, "activities/volunteers/team_form.html", {"form": form, "team": team})


@console_view(VIEW)
def team_detail(request: AuthedRequest, team_id: int) -> HttpResponse:
    team = sel.team_for(request.user, team_id)
    context = {
        "team": team,
        "memberships": sel.team_memberships(team),
        "projects": sel.team_projects(team),
        "timeline": sel.timeline(team),
        "may_manage": sel.may_manage(request.user, team.org),
    }
    return render(request, "activities/volunteers/team_detail.html", context)


@console_view(VIEW)
def volunteer_add(request: AuthedRequest, team_id: int) -> HttpResponse:
    team = sel.team_for(request.user, team_id, demand=MANAGE)
    form = VolunteerAddForm(posted_data(request), initial={"joined_on": timezone.localdate()})

    def perform(data: dict[str, Any]) -> Any:
        member = svc.member_find(team.org, data["query"])
        return svc.volunteer_add(
            team=team,
            member=member,
            joined_on=data["joined_on"],
            speciality=data["speciality"],
            actor=request.user,
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda m: f"已将{m.member.name}加入“{team.name}”",
        then=reverse("activities:team_detail", args=[team.pk]),
    )
    return done or render(request, "activities/volunteers/volunteer_add.html", {"form": form, "team": team})


@console_view(VIEW)
def volunteer_leave(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = sel.membership_for(request.user, membership_id, demand=MANAGE)
    form = LeaveForm(posted_data(request), initial={"left_on": timezone.localdate()})
    allowed = membership.left_on is None
    done = (
        form_perform(
            request,
            form,
            lambda data: svc.volunteer_leave(
                membership=membership, left_on=data["left_on"], actor=request.user
            ),
            success=lambda m: f"{m.member.name}已退出“{m.team.name}”，其服务记录保留",
            then=reverse("activities:team_detail", args=[membership.team_id]),
        )
        if allowed
        else None
    )
    context = {"membership": membership, "form": form, "allowed": allowed}
    return done or render(request, "activities/volunteers/volunteer_leave.html", context)


def _project_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "place": data["place"],
        "place_tags": svc.place_tags_clean(data["tags"], data["other_tags"]),
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "content": data["content"],
        "activity": data["activity"],
    }


@console_view(VIEW)
def project_create(request: AuthedRequest, team_id: int) -> HttpResponse:
    team = sel.team_for(request.user, team_id, demand=MANAGE)
    form = ProjectForm(
        posted_data(request),
        activities=sel.activity_choices(team),
        initial={"starts_on": timezone.localdate()},
    )
    done = form_perform(
        request,
        form,
        lambda data: svc.project_save(actor=request.user, team=team, **_project_fields(data)),
        success=lambda p: f"已新建项目“{p.title}”",
        then=lambda p: reverse("activities:project_detail", args=[p.pk]),
    )
    context = {"form": form, "team": team, "project": None}
    return done or render(request, "activities/volunteers/project_form.html", context)


@console_view(VIEW)
def project_edit(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = sel.project_for(request.user, project_id, demand=MANAGE)
    tags = [tag for tag in project.place_tags if tag in svc.PLACE_TAGS]
    initial = {
        "title": project.title,
        "place": project.place,
        "tags": tags,
        "other_tags": "，".join(tag for tag in project.place_tags if tag not in tags),
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "content": project.content,
        "activity": project.activity,
    }
    form = ProjectForm(posted_data(request), activities=sel.activity_choices(project.team), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.project_save(
            actor=request.user, team=project.team, project=project, **_project_fields(data)
        ),
        success=lambda p: f"已保存项目“{p.title}”",
        then=reverse("activities:project_detail", args=[project.pk]),
    )
    context = {"form": form, "team": project.team, "project": project}
    return done or render(request, "activities/volunteers/project_form.html", context)


@console_view(VIEW)
def project_detail(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = sel.project_for(request.user, project_id)
    context = {
        "project": project,
        "team": project.team,
        "page": paginate(request, sel.project_records(project), per_page=50),
        "summary": sel.project_summary(project),
        "pending": sel.pending_records(project).count(),
        "badges": sel.STATUS_BADGES,
        "timeline": sel.timeline(project),
        "may_manage": sel.may_manage(request.user, project.team.org),
        "draft": ServiceRecordStatus.DRAFT,
        "querystring": query_without_page(request),
    }
    return render(request, "activities/volunteers/project_detail.html", context)


@console_view(VIEW)
def record_batch(request: AuthedRequest, project_id: int) -> HttpResponse:
    """登记服务记录: one day, several volunteers, hours each and the journey apart."""
    project = sel.project_for(request.user, project_id, demand=MANAGE)
    memberships = list(sel.current_volunteers(project.team))
    form = RecordBatchForm(
        posted_data(request),
        memberships=memberships,
        initial={"served_on": timezone.localdate(), "content": project.content[:200]},
    )

    def perform(data: dict[str, Any]) -> Any:
        rows = [
            svc.RecordRow(member=m, hours=h, travel_hours=t, evaluation=e) for m, h, t, e in data["entries"]
        ]
        return svc.records_enter(
            project=project,
            served_on=data["served_on"],
            content=data["content"],
            rows=rows,
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda saved: f"已登记{len(saved)}条服务记录（待公示）",
        then=reverse("activities:project_detail", args=[project.pk]),
    )
    context = {"form": form, "project": project, "rows": form.rows()}
    return done or render(request, "activities/volunteers/record_batch.html", context)


@console_view(VIEW)
def record_edit(request: AuthedRequest, record_id: int) -> HttpResponse:
    record = sel.record_for(request.user, record_id, demand=MANAGE)
    initial = {
        "hours": record.hours,
        "travel_hours": record.travel_hours,
        "content": record.content,
        "evaluation": record.evaluation,
    }
    form = RecordForm(posted_data(request), initial=initial)
    allowed = record.status == ServiceRecordStatus.DRAFT
    done = (
        form_perform(
            request,
            form,
            lambda data: svc.record_update(record=record, actor=request.user, **data),
            success="已修改服务记录",
            then=reverse("activities:project_detail", args=[record.project_id]),
        )
        if allowed
        else None
    )
    context = {"form": form, "record": record, "allowed": allowed, "step_label": "修改服务记录"}
    return done or render(request, "activities/volunteers/record_step.html", context)


@console_view(VIEW)
def record_withdraw(request: AuthedRequest, record_id: int) -> HttpResponse:
    record = sel.record_for(request.user, record_id, demand=MANAGE)
    form = ReasonForm(posted_data(request))
    allowed = record.status == ServiceRecordStatus.DRAFT
    done = (
        form_perform(
            request,
            form,
            lambda data: svc.record_withdraw(record=record, reason=data["reason"], actor=request.user),
            success="已撤销服务记录，该记录不计入服务时长",
            then=reverse("activities:project_detail", args=[record.project_id]),
        )
        if allowed
        else None
    )
    context = {
        "form": form,
        "record": record,
        "allowed": allowed,
        "step_label": "撤销服务记录",
        "danger": True,
    }
    return done or render(request, "activities/volunteers/record_step.html", context)


@console_view(VIEW)
def project_publicise(request: AuthedRequest, project_id: int) -> HttpResponse:
    """公示: GET is the confirmation page listing the pending records, POST publishes them as one notice."""
    project = sel.project_for(request.user, project_id, demand=MANAGE)
    form = ConfirmForm(posted_data(request))
    pending = sel.pending_list(project)
    done = (
        form_perform(
            request,
            form,
            lambda _data: svc.records_publicise(
                project=project, actor=request.user, context=AuditContext.of(request)
            ),
            success=lambda notice: (
                f"已发布公示，公示期至{notice.ends_on:%Y-%m-%d}，期满无异议的记录计入服务时长"
            ),
            then=reverse("activities:project_detail", args=[project.pk]),
        )
        if pending
        else None
    )
    context = {"project": project, "form": form, "pending": pending}
    return done or render(request, "activities/volunteers/project_publicise.html", context)


def _attendance_success(result: svc.AttendanceRecords) -> str:
    if not result.created:
        return "没有新的服务记录需要生成：签到的志愿者均已有该日记录"
    text = f"已按活动签到生成{len(result.created)}条服务记录（待公示）"
    return f"{text}；{len(result.skipped)}人未生成，原因见生成页" if result.skipped else text


@console_view(VIEW)
def record_from_attendance(request: AuthedRequest, project_id: int) -> HttpResponse:
    """按活动签到生成服务记录: GET lists who will get how many hours and who is skipped (and why), POST writes the
    DRAFT records at once."""
    project = sel.project_for(request.user, project_id, demand=MANAGE)
    form = AttendanceRecordsForm(posted_data(request))
    plan = sel.attendance_plan(project)
    done = (
        form_perform(
            request,
            form,
            lambda data: svc.records_from_attendance(
                project=project, actor=request.user, hours=data["hours"], context=AuditContext.of(request)
            ),
            success=_attendance_success,
            then=reverse("activities:project_detail", args=[project.pk]),
        )
        if plan.rows
        else None
    )
    context = {"project": project, "form": form, "plan": plan}
    return done or render(request, "activities/volunteers/record_from_attendance.html", context)


@console_view(VIEW)
def volunteer_detail(request: AuthedRequest, member_id: Any) -> HttpResponse:
    """A volunteer's record (第四条): basic facts, teams, service records, training and awards, totals."""
    member = sel.volunteer_for(request.user, member_id)
    records = sel.volunteer_records(member, request.user)
    context = {
        "member": member,
        "teams": sel.volunteer_teams(member, request.user),
        "page": paginate(request, records, per_page=30),
        "notes": sel.volunteer_notes(member, request.user),
        "figures": sel.hour_figures(member, records),
        "badges": sel.STATUS_BADGES,
        "may_note": sel.note_org_for(request.user, member) is not None,
        "querystring": query_without_page(request),
    }
    return render(request, "activities/volunteers/volunteer_detail.html", context)


@console_view(MANAGE)
def note_create(request: AuthedRequest, member_id: Any) -> HttpResponse:
    member = sel.volunteer_for(request.user, member_id)
    org = sel.note_org_for(request.user, member)
    if org is None:
        raise PermissionDenied
    form = NoteForm(posted_data(request), initial={"on_date": timezone.localdate()})

    def perform(data: dict[str, Any]) -> Any:
        return svc.note_save(member=member, org=org, actor=request.user, **data)

    done = form_perform(
        request,
        form,
        perform,
        success=lambda note: f"已记录{note.get_kind_display()}“{note.title}”",
        then=reverse("activities:volunteer_detail", args=[member.public_id]),
    )
    return done or render(request, "activities/volunteers/note_form.html", {"form": form, "member": member})


def _hours_filters(request: Any) -> tuple[HoursFilterForm, sel.HoursFilters]:
    source = request.POST if request.method == "POST" else request.GET
    form = HoursFilterForm(source, teams=sel.visible_teams(request.user), orgs=sel.visible_orgs(request.user))
    if not form.is_valid():
        return form, sel.HoursFilters()
    data = form.cleaned_data
    return form, sel.HoursFilters(
        year=data.get("year") or timezone.localdate().year,
        team=data["team"].pk if data.get("team") else None,
        org=data["org"].pk if data.get("org") else None,
    )


@console_view(VIEW)
def volunteer_hours(request: AuthedRequest) -> HttpResponse:
    """志愿服务时长统计: counted hours of the year per volunteer and per team (journey never included)."""
    form, filters = _hours_filters(request)
    context = {
        "form": form,
        "filters": filters,
        "page": paginate(request, sel.hours_by_member(request.user, filters), per_page=50),
        "teams": sel.hours_by_team(request.user, filters),
        "total": sel.hours_total(request.user, filters),
        "querystring": query_without_page(request),
    }
    return render(request, "activities/volunteers/hours.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def volunteer_hours_export(request: AuthedRequest) -> HttpResponse:
    """The totals as xlsx (two sheets: volunteers, teams), with the page's filters; audited."""
    _form, filters = _hours_filters(request)
    content = hours_export(user=request.user, filters=filters, context=AuditContext.of(request))
    return xlsx_response(content, f"志愿服务时长{filters.year}.xlsx")
