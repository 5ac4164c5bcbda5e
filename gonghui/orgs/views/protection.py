"""女职工特殊保护检查表 pages: a union's checklists by year (its readers), and the form to fill in or correct one
(its managers — the union's own admin or an admin above it). Only a 基层工会 has checklists; the page of a higher
union points to the 女职工工作 statistics instead. Thin: orgs/selectors.py reads, orgs/services/protection.py
writes."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import form_perform, posted_data

from ..choices import OrgLevel
from ..forms.protection import ProtectionChecklistForm
from ..permissions import MANAGE, can_manage_org
from ..selectors import VIEW, org_breadcrumbs, org_get_for_user, protection_checklist_of, protection_year_rows
from ..services.protection import (
    CHECKLIST_FIELDS,
    FIRST_YEAR,
    protection_checklist_create,
    protection_checklist_update,
    summary,
)


@console_view(VIEW)
def protection_list(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code)
    this_year = timezone.localdate().year
    is_unit = org.level == OrgLevel.GRASSROOTS
    rows = [
        (year, checklist, summary(checklist) if checklist else "")
        for year, checklist in (protection_year_rows(org, this_year) if is_unit else [])
    ]
    context: dict[str, Any] = {
        "org": org,
        "rows": rows,
        "is_unit": is_unit,
        "this_year": this_year,
        "can_manage": can_manage_org(request.user, org) and org.is_active,
        "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
    }
    return render(request, "orgs/protection/protection_list.html", context)


@console_view(MANAGE)
def protection_edit(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    """填写 (no checklist for the year yet) or 修改 (there is one) the unit's checklist of `year`."""
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    if org.level != OrgLevel.GRASSROOTS or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    checklist = protection_checklist_of(org, year)
    initial = {field: getattr(checklist, field) for field in CHECKLIST_FIELDS} if checklist else {}
    form = ProtectionChecklistForm(posted_data(request), initial=initial)
    back = request.GET.get("back") == "women"
    then = (
        reverse("dashboards:women_org", args=[org.code]) + f"?year={year}"
        if back
        else reverse("orgs:protection_list", args=[org.code])
    )
    context = AuditContext.of(request)
    done = form_perform(
        request,
        form,
        lambda data: (
            protection_checklist_update(checklist=checklist, actor=request.user, data=data, context=context)
            if checklist is not None
            else protection_checklist_create(
                org=org, year=year, actor=request.user, data=data, context=context
            )
        ),
        success=f"已保存{year}年度女职工特殊保护检查表",
        then=then,
    )
    if done is not None:
        return done
    title = f"{'修改' if checklist else '填写'}{year}年度女职工特殊保护检查表"
    return render(
        request,
        "orgs/protection/protection_form.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "title": title,
            "back": then,
            "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
        },
    )
