"""Console pages of part teams — teams sent to events organised above the platform (组队参赛): the list (status, year,
union, search, pagination, the city union's 待审核 count), 新建 and 修改, the team page (facts, roster with roles, the
add-member form, 移出 asked first, the buttons of the next steps from the flow table, results, timeline), 退回 (a
page with the reason), 登记成绩, and the roster export (POST, audited, no-store). `activities.view` reads; the
team's union (`activities.manage`) builds, submits, withdraws and records results; the city union (`activities.
manage` on the root, never the submitter) approves and returns. Outside the user's subtrees, 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..choices import DelegationAction, DelegationRole, DelegationStatus
from ..forms.teams import DelegationFilterForm, DelegationForm, ResultForm, ReturnForm, RosterAddForm
from ..models import Delegation
from ..permissions import MANAGE, VIEW
from ..selectors.teams import (
    DELEGATION_FLOW,
    EDITABLE_STATUSES,
    STATUS_BADGES,
    can_manage_delegation,
    delegation_filter_choices,
    delegation_filters,
    delegation_for,
    delegation_list_for_user,
    delegation_timeline,
    holds_city_manage,
    manage_orgs,
    may_record_result,
    pending_count,
    roster_counts,
    roster_entry_for,
    roster_of,
    submitter_id,
)
from ..services import teams as services

TEMPLATE = "activities/teams/"


def _detail_url(delegation: Delegation) -> str:
    return reverse("activities:delegation_detail", args=[delegation.pk])


@console_view(VIEW)
def delegation_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    years, orgs = delegation_filter_choices(user)
    filters = delegation_filters(request.GET)
    context = {
        "form": DelegationFilterForm(request.GET, years=years, orgs=orgs),
        "page": paginate(request, delegation_list_for_user(user, filters)),
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "badges": STATUS_BADGES,
        "pending": pending_count(user),
        "pending_status": DelegationStatus.SUBMITTED,
        "may_create": manage_orgs(user).exists(),
    }
    return render(request, TEMPLATE + "delegation_list.html", context)


def _fields(data: dict[str, Any]) -> services.DelegationInput:
    return services.DelegationInput(
        name=data["name"],
        event_name=data["event_name"],
        event_organiser=data.get("event_organiser") or "",
        event_item=data.get("event_item") or "",
        event_place=data.get("event_place") or "",
        event_starts_on=data["event_starts_on"],
        event_ends_on=data["event_ends_on"],
        entry_deadline=data.get("entry_deadline"),
        max_size=data.get("max_size"),
        coach_name=data.get("coach_name") or "",
    )


@console_view(MANAGE)
def delegation_create(request: AuthedRequest) -> HttpResponse:
    orgs = manage_orgs(request.user)
    initial: dict[str, object] = {"event_organiser": "河南省教科文卫体工会"}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    form = DelegationForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: services.delegation_create(org=data["org"], actor=request.user, data=_fields(data)),
        success=lambda d: f"已组建“{d.name}”：请添加领队、教练和队员",
        then=_detail_url,
    )
    return done or render(request, TEMPLATE + "delegation_form.html", {"form": form, "delegation": None})


@console_view(VIEW)
def delegation_edit(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    delegation = delegation_for(request.user, delegation_id, demand=MANAGE)
    initial = {field: getattr(delegation, field) for field in services.FIELDS}
    form = DelegationForm(posted_data(request), initial=initial)
    done = None
    if delegation.status in EDITABLE_STATUSES:
        done = form_perform(
            request,
            form,
            lambda data: services.delegation_update(
                delegation=delegation, actor=request.user, data=_fields(data)
            ),
            success="已保存参赛队信息",
            then=_detail_url(delegation),
        )
    context = {"form": form, "delegation": delegation, "editable": delegation.status in EDITABLE_STATUSES}
    return done or render(request, TEMPLATE + "delegation_form.html", context)


@console_view(VIEW)
def delegation_detail(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    user = request.user
    delegation = delegation_for(user, delegation_id)
    manage = can_manage_delegation(user, delegation)
    steps = {str(t.action) for t in DELEGATION_FLOW.available_actions(delegation, user)}
    counts = roster_counts(delegation)
    context = {
        "delegation": delegation,
        "badge": STATUS_BADGES.get(DelegationStatus(delegation.status), ""),
        "roster": roster_of(delegation),
        "size": sum(counts.values()),
        "counts": [
            (label, counts[str(value)]) for value, label in DelegationRole.choices if counts.get(str(value))
        ],
        "timeline": delegation_timeline(delegation),
        "may_manage": manage,
        "editable": manage and delegation.status in EDITABLE_STATUSES,
        "may_submit": str(DelegationAction.SUBMITTED) in steps,
        "may_approve": str(DelegationAction.APPROVED) in steps,
        "may_return": str(DelegationAction.RETURNED) in steps,
        "may_withdraw": str(DelegationAction.WITHDRAWN) in steps and delegation.result_recorded_at is None,
        "may_result": may_record_result(user, delegation),
        "awaiting_other": (
            delegation.status == DelegationStatus.SUBMITTED
            and holds_city_manage(user, delegation.org)
            and submitter_id(delegation) == user.pk
        ),
        "add_form": RosterAddForm(),
    }
    return render(request, TEMPLATE + "delegation_detail.html", context)


@require_POST
@console_view(VIEW)
def delegation_member_add(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    """加入队员 from the team page's form: the member by 会员编号 or 姓名; a refusal is flashed and names the field."""
    delegation = delegation_for(request.user, delegation_id, demand=MANAGE)
    form = RosterAddForm(request.POST)

    def perform() -> Any:
        data = form.cleaned_data
        return services.delegation_member_add(
            delegation=delegation,
            actor=request.user,
            who=data["who"],
            role=data["role"],
            item=data.get("item") or "",
        )

    return button_perform(
        request,
        perform,
        success=lambda entry: f"已将{entry.member.name}以“{entry.get_role_display()}”加入名单",
        back=_detail_url(delegation),
        form=form,
        error_prefix="未能加入：",
    )


@require_POST
@console_view(VIEW)
def delegation_member_remove(request: AuthedRequest, entry_id: int) -> HttpResponse:
    """移出队员 (the team page asks first)."""
    entry = roster_entry_for(request.user, entry_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.delegation_member_remove(entry=entry, actor=request.user),
        success=f"已将{entry.member.name}移出名单",
        back=reverse("activities:delegation_detail", args=[entry.delegation_id]),
    )


@require_POST
@console_view(VIEW)
def delegation_submit(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    delegation = delegation_for(request.user, delegation_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.delegation_submit(delegation=delegation, actor=request.user),
        success="已报市教科文卫体工会审核",
        back=_detail_url(delegation),
    )


@require_POST
@console_view(VIEW)
def delegation_approve(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    delegation = delegation_for(request.user, delegation_id)
    if not DELEGATION_FLOW.permits(delegation, DelegationAction.APPROVED, request.user):
        raise PermissionDenied
    return button_perform(
        request,
        lambda: services.delegation_approve(delegation=delegation, actor=request.user),
        success="已批准：已通知名单中的会员",
        back=_detail_url(delegation),
    )


@console_view(VIEW)
def delegation_return(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    """退回 with a reason: the form only for the city union's decider while the team waits for it; anyone else reads
    why not (their POST is refused by the service)."""
    delegation = delegation_for(request.user, delegation_id)
    form = ReturnForm(posted_data(request))
    may_return = DELEGATION_FLOW.can(delegation, DelegationAction.RETURNED, request.user)
    done = form_perform(
        request,
        form,
        lambda data: services.delegation_return(
            delegation=delegation, actor=request.user, reason=data["reason"]
        ),
        success="已退回，组队工会修改后可重新报送",
        then=_detail_url(delegation),
    )
    context = {
        "delegation": delegation,
        "form": form,
        "open": may_return,
        "decider": DELEGATION_FLOW.permits(delegation, DelegationAction.RETURNED, request.user),
    }
    return done or render(request, TEMPLATE + "delegation_return.html", context)


@require_POST
@console_view(VIEW)
def delegation_withdraw(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    delegation = delegation_for(request.user, delegation_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.delegation_withdraw(delegation=delegation, actor=request.user),
        success="已撤销该参赛队",
        back=_detail_url(delegation),
    )


@console_view(VIEW)
def delegation_result(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    """登记成绩: the team's result and each member's, once approved and the event has begun."""
    delegation = delegation_for(request.user, delegation_id, demand=MANAGE)
    entries = list(roster_of(delegation))
    form = ResultForm(posted_data(request), entries=entries, initial={"result": delegation.result})
    done = None
    if may_record_result(request.user, delegation):
        done = form_perform(
            request,
            form,
            lambda data: services.delegation_result_record(
                delegation=delegation,
                actor=request.user,
                result=data["result"],
                member_results=form.member_results(),
            ),
            success="已登记比赛成绩",
            then=_detail_url(delegation),
        )
    context = {"delegation": delegation, "form": form, "open": may_record_result(request.user, delegation)}
    return done or render(request, TEMPLATE + "delegation_result.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def delegation_export(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    """The roster for the organiser (names and phones): audited, never cached."""
    delegation = delegation_for(request.user, delegation_id)
    try:
        content, name = services.delegation_roster_export(
            delegation=delegation, actor=request.user, context=AuditContext.of(request)
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return htmx_redirect(request, _detail_url(delegation))
    return xlsx_response(content, name)
