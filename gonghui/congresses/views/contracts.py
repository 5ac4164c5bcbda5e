"""Console views of part contracts (集体协商与集体合同): the contract list (民办 units first, search and filters, the
overdue-filing and renewal lists), the contract page (dates computed, the buttons of its state, timeline), the
pages of each step (GET shows the form or confirmation, POST runs the service; a read-only cadre gets 403 on
both), the negotiations with their meetings, and the 建制率 board by child union (county). Reads go through the
selectors; every change is a service."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import ContractKind, ContractStatus, NegotiationStatus
from ..forms.contracts import (
    ApproveForm,
    ConcludeForm,
    ContractFilterForm,
    ContractForm,
    CoverageForm,
    FileForm,
    MeetingForm,
    NegotiationFilterForm,
    NegotiationForm,
    ObjectForm,
    SignForm,
    contract_initial,
    negotiation_initial,
)
from ..models import CollectiveContract, CollectiveNegotiation
from ..permissions import MANAGE, VIEW
from ..selectors.contracts import (
    ContractFilters,
    approving_motions,
    can_manage_contract,
    contract_coverage_board,
    contract_list_for_user,
    contract_or_404,
    contract_orgs,
    contract_renewals,
    coverage_roots,
    negotiation_contracts,
    negotiation_list_for_user,
    negotiation_meetings,
    negotiation_or_404,
    org_negotiations,
)
from ..services import contracts as services

CONTRACT_BADGES = {
    ContractStatus.DRAFT: "bg-secondary-lt",
    ContractStatus.APPROVED: "bg-cyan-lt",
    ContractStatus.SIGNED: "bg-orange-lt",
    ContractStatus.FILED: "bg-purple-lt",
    ContractStatus.EFFECTIVE: "bg-green-lt",
    ContractStatus.OBJECTED: "bg-red-lt",
    ContractStatus.EXPIRED: "bg-secondary-lt",
    ContractStatus.SUPERSEDED: "bg-blue-lt",
}
NEGOTIATION_BADGES = {
    NegotiationStatus.REQUESTED: "bg-orange-lt",
    NegotiationStatus.NEGOTIATING: "bg-cyan-lt",
    NegotiationStatus.AGREED: "bg-green-lt",
    NegotiationStatus.FAILED: "bg-red-lt",
}


def _contract_url(contract: CollectiveContract) -> str:
    return reverse("congresses:contract_detail", args=[contract.public_id])


def _negotiation_url(negotiation: CollectiveNegotiation) -> str:
    return reverse("congresses:negotiation_detail", args=[negotiation.public_id])


def _managed_contract(request: AuthedRequest, public_id: str) -> CollectiveContract:
    contract = contract_or_404(request.user, public_id)
    if not can_manage_contract(request.user, contract):
        raise PermissionDenied
    return contract


def _managed_negotiation(request: AuthedRequest, public_id: str) -> CollectiveNegotiation:
    negotiation = negotiation_or_404(request.user, public_id)
    if not can_manage_contract(request.user, negotiation):
        raise PermissionDenied
    return negotiation


# --- contracts ----------------------------------------------------------------------------------------------------


@console_view(VIEW)
def contract_list(request: AuthedRequest) -> HttpResponse:
    form = ContractFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = ContractFilters(
        query=(data.get("q") or "").strip(),
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        private_only=bool(data.get("private")),
        attention=data.get("attention") or "",
    )
    rows = contract_list_for_user(request.user, filters, today=timezone.localdate())
    context = {
        "form": form,
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": CONTRACT_BADGES,
        "can_create": contract_orgs(request.user).exists(),
        "today": timezone.localdate(),
    }
    return render(request, "congresses/contracts/contract_list.html", context)


@console_view(MANAGE)
def contract_create(request: AuthedRequest) -> HttpResponse:
    orgs = contract_orgs(request.user)
    form = ContractForm(posted_data(request), orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: services.contract_create(org=data["org"], data=data, actor=request.user),
        success="集体合同草案已保存",
        then=_contract_url,
    )
    return done or render(
        request, "congresses/contracts/contract_form.html", {"form": form, "contract": None}
    )


@console_view(VIEW)
def contract_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = contract_or_404(request.user, public_id)
    today = timezone.localdate()
    context = {
        "contract": contract,
        "can_manage": can_manage_contract(request.user, contract),
        "badges": CONTRACT_BADGES,
        "renewals": contract_renewals(contract),
        "timeline": timeline_for(contract),
        "filing_overdue": contract.status == ContractStatus.SIGNED
        and contract.filing_due_on is not None
        and contract.filing_due_on < today,
        "today": today,
    }
    return render(request, "congresses/contracts/contract_detail.html", context)


@console_view(VIEW)
def contract_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    form = ContractForm(
        posted_data(request), negotiations=org_negotiations(contract.org), initial=contract_initial(contract)
    )
    done = form_perform(
        request,
        form,
        lambda data: services.contract_update(contract=contract, data=data, actor=request.user),
        success="集体合同已保存",
        then=_contract_url,
    )
    return done or render(
        request, "congresses/contracts/contract_form.html", {"form": form, "contract": contract}
    )


def _step(
    request: AuthedRequest,
    contract: CollectiveContract,
    form: Any,
    perform: Any,
    *,
    heading: str,
    explain: str,
    button: str,
    success: str,
) -> HttpResponse:
    done = form_perform(request, form, perform, success=success, then=_contract_url)
    return done or render(
        request,
        "congresses/contracts/contract_step.html",
        {"contract": contract, "form": form, "heading": heading, "explain": explain, "button": button},
    )


@console_view(VIEW)
def contract_approve(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    form = ApproveForm(posted_data(request), motions=approving_motions(contract))
    return _step(
        request,
        contract,
        form,
        lambda data: services.contract_approve(
            contract=contract, motion=data["motion"], approved_on=data["approved_on"], actor=request.user
        ),
        heading="登记职代会审议通过",
        explain="选择本单位职（教）代会已表决通过的事项；在平台外表决的，请填写通过日期。",
        button="确认登记",
        success="已登记职代会审议通过",
    )


@console_view(VIEW)
def contract_sign(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    form = SignForm(
        posted_data(request),
        initial={"term_starts_on": contract.term_starts_on, "term_ends_on": contract.term_ends_on},
    )
    return _step(
        request,
        contract,
        form,
        lambda data: services.contract_sign(contract=contract, actor=request.user, **data),
        heading="登记签订",
        explain="签订后应在10日内报送劳动行政部门备案，期限末日遇法定节假日顺延，系统将自动计算并提醒。",
        button="确认签订",
        success="已登记签订",
    )


@console_view(VIEW)
def contract_file(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    form = FileForm(posted_data(request))
    return _step(
        request,
        contract,
        form,
        lambda data: services.contract_file(contract=contract, actor=request.user, **data),
        heading="登记报送备案",
        explain="劳动行政部门自收到文本之日起15日内未提出异议的，集体合同即行生效；期限末日遇法定节假日顺延。",
        button="确认登记",
        success="已登记报送备案",
    )


@console_view(VIEW)
def contract_object(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    form = ObjectForm(posted_data(request))
    return _step(
        request,
        contract,
        form,
        lambda data: services.contract_object(
            contract=contract,
            objected_on=data["objected_on"],
            note=data["objection_note"],
            actor=request.user,
        ),
        heading="登记劳动行政部门异议",
        explain="收到异议后合同不生效，双方应重新协商并修改后重新履行审议、签订和备案程序。",
        button="确认登记异议",
        success="已登记异议",
    )


@console_view(VIEW)
def contract_renew(request: AuthedRequest, public_id: str) -> HttpResponse:
    contract = _managed_contract(request, public_id)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.contract_renew(contract=contract, actor=request.user),
            success="已生成续签草案，请修改条款后提交职代会审议",
            back=_contract_url(contract),
            then=_contract_url,
        )
    return render(
        request,
        "congresses/contracts/contract_step.html",
        {
            "contract": contract,
            "form": None,
            "heading": "续签集体合同",
            "explain": "将以本合同为底稿生成一份新的草案；新合同生效后本合同标记为已续签。",
            "button": "确认生成续签草案",
        },
    )


@console_view(VIEW)
def contract_coverage(request: AuthedRequest) -> HttpResponse:
    roots = coverage_roots(request.user)
    form = CoverageForm(request.GET, roots=roots)
    data = form.cleaned_data if form.is_valid() else {}
    root = data.get("root") or roots.first()
    kind = data.get("kind") or ContractKind.COMPREHENSIVE
    total, rows = contract_coverage_board(root, kind) if root is not None else (None, [])
    context = {"form": form, "root": root, "kind": ContractKind(kind), "total": total, "rows": rows}
    return render(request, "congresses/contracts/coverage.html", context)


# --- negotiations -------------------------------------------------------------------------------------------------


@console_view(VIEW)
def negotiation_list(request: AuthedRequest) -> HttpResponse:
    form = NegotiationFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    rows = negotiation_list_for_user(
        request.user, query=(data.get("q") or "").strip(), status=data.get("status") or ""
    )
    context = {
        "form": form,
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": NEGOTIATION_BADGES,
        "can_create": contract_orgs(request.user).exists(),
    }
    return render(request, "congresses/contracts/negotiation_list.html", context)


@console_view(MANAGE)
def negotiation_create(request: AuthedRequest) -> HttpResponse:
    form = NegotiationForm(posted_data(request), orgs=contract_orgs(request.user))
    done = form_perform(
        request,
        form,
        lambda data: services.negotiation_create(org=data["org"], data=data, actor=request.user),
        success="集体协商要约已登记",
        then=_negotiation_url,
    )
    return done or render(
        request, "congresses/contracts/negotiation_form.html", {"form": form, "negotiation": None}
    )


@console_view(VIEW)
def negotiation_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    negotiation = negotiation_or_404(request.user, public_id)
    context = {
        "negotiation": negotiation,
        "can_manage": can_manage_contract(request.user, negotiation),
        "meetings": negotiation_meetings(negotiation),
        "contracts": negotiation_contracts(negotiation),
        "badges": NEGOTIATION_BADGES,
        "contract_badges": CONTRACT_BADGES,
        "timeline": timeline_for(negotiation),
        "open": negotiation.status in (NegotiationStatus.REQUESTED, NegotiationStatus.NEGOTIATING),
    }
    return render(request, "congresses/contracts/negotiation_detail.html", context)


@console_view(VIEW)
def negotiation_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    negotiation = _managed_negotiation(request, public_id)
    form = NegotiationForm(posted_data(request), initial=negotiation_initial(negotiation))
    done = form_perform(
        request,
        form,
        lambda data: services.negotiation_update(negotiation=negotiation, data=data, actor=request.user),
        success="集体协商已保存",
        then=_negotiation_url,
    )
    return done or render(
        request, "congresses/contracts/negotiation_form.html", {"form": form, "negotiation": negotiation}
    )


def _negotiation_step(
    request: AuthedRequest, negotiation: CollectiveNegotiation, form: Any, perform: Any, **texts: str
) -> HttpResponse:
    done = form_perform(
        request, form, perform, success=texts["success"], then=lambda _r: _negotiation_url(negotiation)
    )
    return done or render(
        request,
        "congresses/contracts/negotiation_step.html",
        {"negotiation": negotiation, "form": form, "heading": texts["heading"], "button": texts["button"]},
    )


@console_view(VIEW)
def negotiation_meeting_add(request: AuthedRequest, public_id: str) -> HttpResponse:
    negotiation = _managed_negotiation(request, public_id)
    return _negotiation_step(
        request,
        negotiation,
        MeetingForm(posted_data(request)),
        lambda data: services.negotiation_meeting_add(negotiation=negotiation, actor=request.user, **data),
        heading="记录协商会议",
        button="保存",
        success="协商会议已记录",
    )


@console_view(VIEW)
def negotiation_conclude(request: AuthedRequest, public_id: str) -> HttpResponse:
    negotiation = _managed_negotiation(request, public_id)
    return _negotiation_step(
        request,
        negotiation,
        ConcludeForm(posted_data(request)),
        lambda data: services.negotiation_conclude(
            negotiation=negotiation, agreed=data["agreed"], note=data["note"], actor=request.user
        ),
        heading="结束协商",
        button="确认结束协商",
        success="协商结果已登记",
    )
