"""Console views of part proposals (提案办理): the list with search and filters (代表大会, 状态, 类别, 分类, 承办部门,
逾期); a proposal's page (the matter, seconds, assignments, replies and ratings, the timeline) with the buttons of
its state for a cadre who may manage it; the action pages — 审查 (立案 / 不予立案 / 转为意见建议), 交办 (主办, 协办,
working-day deadline), 登记答复 — each GET shows the form, POST runs the service (a read-only cadre gets 403 on both);
the 承办部门 list of the units the cadre manages, with add and edit."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import action_paths
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..choices import ProposalStatus
from ..forms.proposals import (
    AssignForm,
    DepartmentForm,
    ProposalFilterForm,
    ReplyForm,
    ReviewForm,
)
from ..models import Proposal
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.proposals import (
    ProposalFilters,
    congresses_for_filter,
    department_get_for_user,
    departments_for_filter,
    departments_of,
    proposal_get_for_user,
    proposal_is_excellent,
    proposal_list_for_user,
)
from ..selectors.report import PUBLISHABLE_STATES
from ..services import proposals as services

STATUS_BADGES = {
    ProposalStatus.SECONDING: "bg-secondary-lt",
    ProposalStatus.SUBMITTED: "bg-orange-lt",
    ProposalStatus.REJECTED: "bg-secondary-lt",
    ProposalStatus.ACCEPTED: "bg-cyan-lt",
    ProposalStatus.HANDLING: "bg-blue-lt",
    ProposalStatus.REPLIED: "bg-purple-lt",
    ProposalStatus.REHANDLING: "bg-red-lt",
    ProposalStatus.CLOSED: "bg-green-lt",
    ProposalStatus.WITHDRAWN: "bg-secondary-lt",
}


def _detail_url(proposal: Proposal) -> str:
    return reverse("congresses:proposal_detail", args=[proposal.public_id])


@console_view(VIEW)
def proposal_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProposalFilterForm(
        request.GET, congresses=congresses_for_filter(user), departments=departments_for_filter(user)
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = ProposalFilters(
        search=(data.get("q") or "").strip(),
        congress=data.get("congress") or "",
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        category=data.get("category") or "",
        department=data.get("department") or "",
        overdue=bool(data.get("overdue")),
    )
    context = {
        "form": form,
        "page": paginate(request, proposal_list_for_user(user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": STATUS_BADGES,
        "can_manage": bool(action_paths(user, MANAGE)),
    }
    return render(request, "congresses/proposals/proposal_list.html", context)


@console_view(VIEW)
def proposal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, public_id)
    assignments = list(proposal.assignments.all())
    context = {
        "proposal": proposal,
        "seconds": list(proposal.seconds.all()),
        "lead": next((a for a in assignments if a.role == "lead"), None),
        "assists": [a for a in assignments if a.role == "assist"],
        "replies": list(proposal.replies.all()),
        "can_manage": can_manage_for(request.user, proposal.congress.org),
        "publishable_states": PUBLISHABLE_STATES,
        "excellent": proposal_is_excellent(proposal),
        "badges": STATUS_BADGES,
        "timeline": timeline_for(proposal),
    }
    return render(request, "congresses/proposals/proposal_detail.html", context)


def _managed(request: AuthedRequest, public_id: str) -> Proposal:
    """The proposal for an action page: visible (else 404) and manageable on its union (else 403, GET too)."""
    proposal = proposal_get_for_user(request.user, public_id)
    if not can_manage_for(request.user, proposal.congress.org):
        raise PermissionDenied
    return proposal


@console_view(VIEW)
def proposal_review(request: AuthedRequest, public_id: str) -> HttpResponse:
    proposal = _managed(request, public_id)
    form = ReviewForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.proposal_review(
            proposal=proposal, actor=request.user, decision=data["decision"], note=data["note"]
        ),
        success="审查结论已登记，已通知提案人",
        then=_detail_url,
    )
    return done or render(
        request,
        "congresses/proposals/proposal_action.html",
        {"proposal": proposal, "form": form, "heading": "提案审查", "button": "登记审查结论"},
    )


@console_view(VIEW)
def proposal_assign(request: AuthedRequest, public_id: str) -> HttpResponse:
    proposal = _managed(request, public_id)
    departments = departments_of(proposal.congress.org)
    initial: dict[str, Any] = {"workdays": services.proposal_workdays(proposal.congress.org)}
    current = list(proposal.assignments.all())
    if current:
        initial["lead"] = next((a.department_id for a in current if a.role == "lead"), None)
        initial["assists"] = [a.department_id for a in current if a.role == "assist"]
    form = AssignForm(posted_data(request), departments=departments, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: services.proposal_assign(
            proposal=proposal,
            actor=request.user,
            lead=data["lead"],
            assists=list(data["assists"]),
            workdays=data["workdays"],
        ),
        success="已交办，答复期限已按工作日计算",
        then=_detail_url,
    )
    return done or render(
        request,
        "congresses/proposals/proposal_action.html",
        {
            "proposal": proposal,
            "form": form,
            "heading": "交办承办部门",
            "button": "确认交办",
            "no_departments": not departments.exists(),
        },
    )


@console_view(VIEW)
def proposal_reply(request: AuthedRequest, public_id: str) -> HttpResponse:
    proposal = _managed(request, public_id)
    form = ReplyForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.proposal_reply(
            proposal=proposal, actor=request.user, reply_type=data["reply_type"], content=data["content"]
        ),
        success="答复已登记，已请提案人评价",
        then=lambda reply: _detail_url(proposal),
    )
    heading = "登记重新办理答复" if proposal.status == ProposalStatus.REHANDLING else "登记答复"
    return done or render(
        request,
        "congresses/proposals/proposal_action.html",
        {"proposal": proposal, "form": form, "heading": heading, "button": "登记答复"},
    )


# --- handling departments ------------------------------------------------------------------------------------------
def _department_orgs(request: AuthedRequest) -> Any:
    return Org.objects.visible_to(request.user, MANAGE).order_by("path")


@console_view(VIEW)
def department_list(request: AuthedRequest) -> HttpResponse:
    rows = departments_for_filter(request.user)
    query = (request.GET.get("q") or "").strip()
    if query:
        rows = rows.filter(name__icontains=query)
    context = {
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "q": query,
        "can_manage": bool(action_paths(request.user, MANAGE)),
    }
    return render(request, "congresses/proposals/department_list.html", context)


@console_view(MANAGE)
def department_create(request: AuthedRequest) -> HttpResponse:
    form = DepartmentForm(posted_data(request), orgs=_department_orgs(request), initial={"sort_order": 0})
    done = form_perform(
        request,
        form,
        lambda data: services.department_save(
            org=data["org"],
            actor=request.user,
            name=data["name"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            is_active=data["is_active"],
            sort_order=data["sort_order"],
        ),
        success="承办部门已添加",
        then=reverse("congresses:department_list"),
    )
    return done or render(
        request, "congresses/proposals/department_form.html", {"form": form, "department": None}
    )


@console_view(VIEW)
def department_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    department = department_get_for_user(request.user, pk, demand=MANAGE)
    form = DepartmentForm(
        posted_data(request),
        orgs=Org.objects.visible_to(request.user, MANAGE).filter(pk=department.org_id),
        initial={
            "org": department.org_id,
            "name": department.name,
            "contact_name": department.contact_name,
            "contact_phone": department.contact_phone,
            "sort_order": department.sort_order,
            "is_active": department.is_active,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: services.department_save(
            org=department.org,
            actor=request.user,
            name=data["name"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            is_active=data["is_active"],
            sort_order=data["sort_order"],
            department=department,
        ),
        success="承办部门已保存",
        then=reverse("congresses:department_list"),
    )
    return done or render(
        request, "congresses/proposals/department_form.html", {"form": form, "department": department}
    )
