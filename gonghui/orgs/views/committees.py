"""三委 pages: record a union's committee, correct it, and 换届 (on the union's page; the seats are on the members
page `members:committees`). Thin: orgs/selectors.py reads, orgs/services/committees.py writes."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import form_perform, posted_data

from ..choices import CommitteeKind
from ..forms.committees import CommitteeForm
from ..models import Committee, Org
from ..permissions import MANAGE, can_manage_org
from ..selectors import (
    VIEW,
    committee_get_for_user,
    committee_history_of,
    committees_missing,
    committees_of,
    founding_of_union,
    org_breadcrumbs,
    org_get_for_user,
)
from ..services.committees import COMMITTEE_FIELDS, committee_create, committee_new_term, committee_update

# ?from=founding: the page was opened from the 建会 step 三委同步组建 and returns there
FROM_FOUNDING = "founding"


def _back(request: AuthedRequest, org: Org) -> str:
    if request.GET.get("from") == FROM_FOUNDING:
        founding = founding_of_union(org)
        if founding is not None:
            return reverse("orgs:founding_detail", args=[founding.public_id])
    return org.get_absolute_url() + "#committees"


def _render(
    request: AuthedRequest, *, org: Org, form: CommitteeForm, kind: str, title: str, note: str
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "org": org,
        "kind": kind,
        "title": title,
        "note": note,
        "is_union": kind == CommitteeKind.UNION,
        "back": _back(request, org),
        "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
    }
    return render(request, "orgs/committees/committee_form.html", context)


def _initial(committee: Committee) -> dict[str, Any]:
    return {field: getattr(committee, field) for field in COMMITTEE_FIELDS}


@console_view(MANAGE)
def committee_create_view(request: AuthedRequest, code: str, kind: str) -> HttpResponse:
    if kind not in CommitteeKind.values:
        raise Http404
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    initial = (
        {"term_started_on": org.term_started_on, "term_ends_on": org.term_ends_on}
        if kind == CommitteeKind.UNION
        else {}
    )
    form = CommitteeForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: committee_create(
            org=org, kind=kind, actor=request.user, data=data, context=AuditContext.of(request)
        ),
        success=lambda c: f"已登记{c.get_kind_display()}",
        then=_back(request, org),
    )
    if done is not None:
        return done
    label = CommitteeKind(kind).label
    return _render(request, org=org, form=form, kind=kind, title=f"登记{label}", note="")


@console_view(MANAGE)
def committee_edit_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    committee = committee_get_for_user(user=request.user, org=org, pk=pk, action=MANAGE)
    if not committee.is_current:
        raise Http404
    form = CommitteeForm(posted_data(request), initial=_initial(committee))
    done = form_perform(
        request,
        form,
        lambda data: committee_update(
            committee=committee, actor=request.user, data=data, context=AuditContext.of(request)
        ),
        success="已保存",
        then=_back(request, org),
    )
    if done is not None:
        return done
    label = committee.get_kind_display()
    return _render(request, org=org, form=form, kind=committee.kind, title=f"修改{label}", note="")


@console_view(MANAGE)
def committee_new_term_view(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    org = org_get_for_user(user=request.user, code=code, action=MANAGE)
    committee = committee_get_for_user(user=request.user, org=org, pk=pk, action=MANAGE)
    if not committee.is_current:
        raise Http404
    form = CommitteeForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: committee_new_term(
            committee=committee, actor=request.user, data=data, context=AuditContext.of(request)
        ),
        success=lambda c: f"{c.get_kind_display()}已换届",
        then=_back(request, org),
    )
    if done is not None:
        return done
    label = committee.get_kind_display()
    note = (
        f"本届{label}（任期 {committee.term_started_on or '—'} 至 {committee.term_ends_on or '—'}）将转为往届，"
        "其委员名单留作历史记录；新一届的委员请在“委员名单”中重新登记。"
    )
    return _render(request, org=org, form=form, kind=committee.kind, title=f"{label}换届", note=note)


@console_view(VIEW)
def committee_list(request: AuthedRequest, code: str) -> HttpResponse:
    """The union's 三委: the current committees (with their buttons for the union's managers) and earlier terms.
    The union's page shows them with their seats in a card that members serves (`members:committees`, loaded by
    HTMX: orgs never reads a member)."""
    org = org_get_for_user(user=request.user, code=code)
    context: dict[str, Any] = {
        "org": org,
        "committees": committees_of(org),
        "missing": committees_missing(org),
        "history": committee_history_of(org),
        "can_manage": can_manage_org(request.user, org) and org.is_active,
        "ancestors": org_breadcrumbs(user=request.user, org=org, include_self=True),
    }
    return render(request, "orgs/committees/committee_list.html", context)
