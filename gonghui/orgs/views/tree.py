"""Org tree pages of the admin console. Thin: selectors read, services write."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action, has_action_anywhere
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_error_text, form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import record_panels_for
from gonghui.core.timeline import timeline_for

from ..choices import OrgLevel, OrgStatus
from ..forms.tree import DepartmentForm, OrgForm, OrgMoveForm, ReasonForm
from ..models import Org
from ..permissions import MANAGE, can_manage_org, can_move_org
from ..selectors import (
    covered_units_of,
    department_get_for_user,
    org_breadcrumbs,
    org_children_for_user,
    org_get_for_user,
    org_list_for_user,
    org_move_targets,
    org_roots_for_user,
)
from ..services.tree import (
    department_create,
    department_delete,
    org_create,
    org_deactivate,
    org_move,
    org_reactivate,
    org_update,
)


@console_view("orgs.view")
def org_tree(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    status = request.GET.get("status", "")
    context: dict[str, Any] = {
        "query": query,
        "level": level,
        "status": status,
        "levels": OrgLevel.choices,
        "statuses": OrgStatus.choices,
        "searching": bool(query or level or status),
        "can_import": has_action_anywhere(request.user, MANAGE),
    }
    if context["searching"]:
        orgs = org_list_for_user(user=request.user, query=query, level=level, status=status)
        page = paginate(request, orgs)
        context.update(page=page, querystring=query_without_page(request))
        if htmx_partial(request):
            return render(request, "orgs/partials/org_search_results.html", context)
    else:
        context["roots"] = org_roots_for_user(user=request.user)
    return render(request, "orgs/org_tree.html", context)


@console_view("orgs.view")
def org_children(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    children = org_children_for_user(user=request.user, org=org)
    return render(request, "orgs/partials/org_nodes.html", {"nodes": children, "parent": org})


@console_view("orgs.view")
def org_detail(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    context = {
        "org": org,
        "ancestors": org_breadcrumbs(user=request.user, org=org),
        "children": org_children_for_user(user=request.user, org=org),
        "departments": org.departments.all(),
        "covered_units": covered_units_of(org) if org.is_joint else None,
        "timeline": timeline_for(org),
        "can_manage": can_manage_org(request.user, org),
        "can_move": can_move_org(request.user, org),
        # the 女职工工作 page describes members: linked only for those who may read member figures there
        "may_see_women_stats": has_action(request.user, "members.view", org),
        "department_form": DepartmentForm(),
        "record_panels": record_panels_for(request.user, org),
    }
    return render(request, "orgs/org_detail.html", context)


@console_view(MANAGE)
def org_create_view(request: AuthedRequest, code: str) -> HttpResponse:
    parent = org_get_for_user(user=request.user, code=code, action=MANAGE)
    form = OrgForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: org_create(parent=parent, actor=request.user, data=data),
        success=lambda org: f"已新建 {org.name}",
        then=lambda org: org.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/org_form.html",
        {
            "form": form,
            "confirming": form.ask_to_confirm(),
            "parent": parent,
            "ancestors": org_breadcrumbs(user=request.user, org=parent, include_self=True),
            "title": "新建下级组织",
        },
    )


@console_view(MANAGE)
def org_edit(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    form = OrgForm(posted_data(request), instance=org)
    done = form_perform(
        request,
        form,
        # the form has written its data onto `org`: the service compares against the row as stored
        lambda data: org_update(
            org=org_get_for_user(user=request.user, code=code, action=MANAGE), actor=request.user, data=data
        ),
        success="已保存",
        then=lambda updated: updated.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/org_form.html",
        {
            "form": form,
            "org": org,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
            "title": "修改组织信息",
        },
    )


@console_view(MANAGE)
def org_move_view(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    if not can_move_org(request.user, org):
        raise PermissionDenied
    targets = org_move_targets(user=request.user, org=org)
    form = OrgMoveForm(posted_data(request), targets=targets)
    done = form_perform(
        request,
        form,
        lambda data: org_move(org=org, new_parent=data["new_parent"], actor=request.user),
        success=lambda moved: (
            f"已将 {moved.name} 及其 {Org.objects.get_descendant_count(moved)} 个下级组织"
            f"移至 {form.cleaned_data['new_parent'].name}"
        ),
        then=lambda moved: moved.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/org_move.html",
        {
            "org": org,
            "form": form,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
            "descendant_count": Org.objects.get_descendant_count(org),
        },
    )


@console_view(MANAGE)
def org_deactivate_view(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    if not can_move_org(request.user, org):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: org_deactivate(org=org, actor=request.user, reason=data["reason"]),
        success=f"已停用 {org.name}",
        then=org.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/org_deactivate.html",
        {
            "org": org,
            "form": form,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
        },
    )


@require_POST
@console_view(MANAGE)
def org_reactivate_view(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    if not can_move_org(request.user, org):
        raise PermissionDenied
    try:
        org_reactivate(org=org, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, f"已恢复 {org.name}")
    return htmx_redirect(request, org.get_absolute_url())


@require_POST
@console_view(MANAGE)
def department_create_view(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    form = DepartmentForm(request.POST)
    done = form_perform(
        request,
        form,
        lambda data: department_create(org=org, actor=request.user, name=data["name"]),
        success=lambda department: f"已新增部门 {department.name}",
        then=org.get_absolute_url(),
    )
    if done is not None:
        return done
    # the form sits on the org's page: its errors are flashed there
    messages.error(request, form_error_text(form))
    return htmx_redirect(request, org.get_absolute_url())


@require_POST
@console_view(MANAGE)
def department_delete_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    department = department_get_for_user(user=request.user, org=org, pk=pk)
    department_delete(department=department, actor=request.user)
    messages.success(request, f"已删除部门 {department.name}")
    return htmx_redirect(request, org.get_absolute_url())
