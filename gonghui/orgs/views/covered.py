"""联合基层工会 pages: add, change and remove the units a joint union covers (on the union's page). Thin: selectors
read, services write."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data

from ..forms.tree import CoveredUnitForm
from ..permissions import MANAGE
from ..selectors import covered_unit_get_for_user, org_breadcrumbs, org_get_for_user
from ..services.covered import covered_unit_add, covered_unit_remove, covered_unit_update


@console_view(MANAGE)
def covered_unit_create(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    form = CoveredUnitForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: covered_unit_add(org=org, actor=request.user, data=data),
        success=lambda unit: f"已添加所覆盖单位 {unit.name}",
        then=org.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/covered_unit_form.html",
        {
            "form": form,
            "org": org,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
            "title": "添加所覆盖单位",
        },
    )


@console_view(MANAGE)
def covered_unit_edit(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    unit = covered_unit_get_for_user(user=request.user, org=org, pk=pk)
    form = CoveredUnitForm(posted_data(request), instance=unit)
    done = form_perform(
        request,
        form,
        # the form has written its data onto `unit`: the service compares against the row as stored
        lambda data: covered_unit_update(
            unit=covered_unit_get_for_user(user=request.user, org=org, pk=pk), actor=request.user, data=data
        ),
        success=lambda updated: f"已保存 {updated.name}",
        then=org.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/covered_unit_form.html",
        {
            "form": form,
            "org": org,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
            "title": "修改所覆盖单位",
        },
    )


@require_POST
@console_view(MANAGE)
def covered_unit_remove_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    unit = covered_unit_get_for_user(user=request.user, org=org, pk=pk)
    return button_perform(
        request,
        lambda: covered_unit_remove(unit=unit, actor=request.user),
        success=f"已移除所覆盖单位 {unit.name}",
        back=org.get_absolute_url(),
    )
