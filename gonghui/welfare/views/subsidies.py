"""Pages of subsidies to grassroots unions (part `subsidies`): the list, 新建 and 修改, the detail page (the tree of
unions rolled up, the spending list of the user's branch, the timeline), 分配额度 (one amount per child union, for
the union that made the subsidy or one that received a share), 下拨资金 (paid through the ledger once per share),
登记使用, 删除使用记录 (a confirmation page) and the export (POST, audited, no-store)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action, has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import SubsidyStatus
from ..forms.subsidies import (
    AllocationForm,
    SpendingFilterForm,
    SpendingForm,
    SubsidyFilterForm,
    SubsidyForm,
)
from ..models import Subsidy
from ..permissions import CARE_MANAGE, CARE_VIEW
from ..selectors.subsidies import (
    allocation_page,
    giver_orgs,
    may_manage_subsidy,
    may_transfer_subsidy,
    org_by_code,
    payable_lines,
    spender_allocations,
    spending_filters,
    spending_get_visible_or_404,
    spending_list_for_user,
    subsidy_filters,
    subsidy_get_visible_or_404,
    subsidy_list_for_user,
    subsidy_summary,
    subsidy_tree,
    subsidy_years,
    tree_for_user,
)
from ..services import subsidies as services

BADGES = {
    SubsidyStatus.DRAFT: "bg-yellow-lt",
    SubsidyStatus.ISSUED: "bg-green-lt",
    SubsidyStatus.CLOSED: "bg-secondary-lt",
}


def _detail_url(subsidy: Subsidy) -> str:
    return reverse("welfare:subsidy_detail", args=[subsidy.pk])


@console_view(CARE_VIEW)
def subsidy_list(request: AuthedRequest) -> HttpResponse:
    filters = subsidy_filters(request.GET)
    form = SubsidyFilterForm(request.GET, years=subsidy_years(request.user))
    page = paginate(request, subsidy_list_for_user(request.user, filters))
    context = {
        "form": form,
        "page": page,
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "badges": BADGES,
        "may_create": has_action_anywhere(request.user, CARE_MANAGE),
    }
    return render(request, "welfare/subsidies/subsidy_list.html", context)


@console_view(CARE_MANAGE)
def subsidy_create(request: AuthedRequest) -> HttpResponse:
    lines = payable_lines(request.user)
    form = SubsidyForm(posted_data(request), lines=lines, initial={"year": timezone.localdate().year})
    done = form_perform(
        request,
        form,
        lambda data: services.subsidy_create(
            budget_line=data["budget_line"],
            name=data["name"],
            year=data["year"],
            purpose=data["purpose"],
            total=data["total"],
            spend_by=data["spend_by"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda subsidy: f"已新建补助“{subsidy.name}”，请分配给下级工会",
        then=_detail_url,
    )
    context = {"form": form, "subsidy": None, "has_lines": lines.exists()}
    return done or render(request, "welfare/subsidies/subsidy_form.html", context)


@console_view(CARE_VIEW)
def subsidy_edit(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    if not may_manage_subsidy(request.user, subsidy) or subsidy.status == SubsidyStatus.CLOSED:
        raise PermissionDenied
    form = SubsidyForm(
        posted_data(request),
        initial={
            "name": subsidy.name,
            "year": subsidy.year,
            "purpose": subsidy.purpose,
            "total": subsidy.quota_set.total if subsidy.quota_set else None,
            "spend_by": subsidy.spend_by,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: services.subsidy_update(
            subsidy=subsidy,
            name=data["name"],
            year=data["year"],
            purpose=data["purpose"],
            total=data["total"],
            spend_by=data["spend_by"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存补助",
        then=_detail_url(subsidy),
    )
    context = {"form": form, "subsidy": subsidy, "has_lines": True}
    return done or render(request, "welfare/subsidies/subsidy_form.html", context)


@console_view(CARE_VIEW)
def subsidy_detail(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    tree = subsidy_tree(subsidy)
    rows = tree_for_user(tree, request.user)
    sees_all = bool(rows) and rows[0].allocation is None
    filters = spending_filters(request.GET)
    union_choices = [(row.org.code, "　" * row.depth + row.org.name) for row in rows]
    spendings = spending_list_for_user(request.user, subsidy, filters)
    page = paginate(request, spendings)
    open_ = subsidy.status != SubsidyStatus.CLOSED
    spenders = spender_allocations(request.user, subsidy) if open_ else []
    context = {
        "subsidy": subsidy,
        "badge": BADGES.get(SubsidyStatus(subsidy.status), ""),
        "figures": subsidy_summary(subsidy, tree),
        "rows": rows,
        "sees_all": sees_all,
        # the timeline names every union's amounts: a lower union reads only what happened and when
        "branch_only": not sees_all,
        "page": page,
        "querystring": query_without_page(request),
        "filter_form": SpendingFilterForm(request.GET, orgs=union_choices),
        "filtered": filters.any(),
        "may_edit": open_ and may_manage_subsidy(request.user, subsidy),
        "may_transfer": open_ and may_transfer_subsidy(request.user, subsidy),
        "may_close": subsidy.status == SubsidyStatus.ISSUED and may_manage_subsidy(request.user, subsidy),
        "givers": giver_orgs(request.user, subsidy) if open_ else [],
        "may_spend": bool(spenders),
        "deletable": {a.org_id for a in spenders},
        "timeline": timeline_for(subsidy),
    }
    return render(request, "welfare/subsidies/subsidy_detail.html", context)


@console_view(CARE_VIEW)
def subsidy_allocate(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    """分配额度: the union chosen by `?org=<code>` (by default the highest the user manages) shares out what it
    holds to its child unions."""
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    givers = giver_orgs(request.user, subsidy) if subsidy.status != SubsidyStatus.CLOSED else []
    if not givers:
        raise PermissionDenied
    giver = org_by_code(givers, request.GET.get("org", "")) or givers[0]
    page = allocation_page(subsidy, giver)
    form = AllocationForm(posted_data(request), children=[(line.org, line.current) for line in page.lines])
    done = form_perform(
        request,
        form,
        lambda data: services.subsidy_allocate(
            subsidy=subsidy,
            giver=giver,
            shares=form.shares(),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=f"已保存“{giver.name}”的额度分配",
        then=_detail_url(subsidy),
    )
    lines = [(line, form[f"share_{line.org.pk}"]) for line in page.lines]
    context = {"subsidy": subsidy, "page": page, "form": form, "lines": lines, "givers": givers}
    return done or render(request, "welfare/subsidies/subsidy_allocate.html", context)


@console_view(CARE_VIEW)
def subsidy_transfer(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    """下拨资金: a confirmation page listing the shares to pay; the POST pays each one not yet paid."""
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    if not may_transfer_subsidy(request.user, subsidy) or subsidy.status == SubsidyStatus.CLOSED:
        raise PermissionDenied
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.subsidy_transfer(
                subsidy=subsidy, actor=request.user, context=AuditContext.of(request)
            ),
            success=lambda result: (
                f"已向 {len(result.paid)} 个工会下拨 {result.amount} 元，经资金发放台账支付"
                if result.paid
                else "各工会的额度均已下拨，本次没有重复支付"
            ),
            back=reverse("welfare:subsidy_transfer", args=[subsidy.pk]),
            then=lambda _result: _detail_url(subsidy),
        )
    tree = subsidy_tree(subsidy)
    shares = [row for row in tree[0].children if row.allocated > 0]
    context = {
        "subsidy": subsidy,
        "shares": shares,
        "to_pay": sum((row.allocated for row in shares if row.transfer is None), 0),
        "pending": [row for row in shares if row.transfer is None],
        "may_view_ledger": has_action(request.user, "ledger.view", subsidy.budget_line.fund.org),
    }
    return render(request, "welfare/subsidies/subsidy_transfer.html", context)


@console_view(CARE_VIEW)
def subsidy_spend(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    """登记使用: a union that received a share records what it spent and on whom."""
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    spenders = spender_allocations(request.user, subsidy) if subsidy.status != SubsidyStatus.CLOSED else []
    if not spenders:
        raise PermissionDenied
    tree = {row.org.pk: row for row in subsidy_tree(subsidy)}
    choices = [(a.org.code, f"{a.org.name}（本级可用 {tree[a.org_id].available} 元）") for a in spenders]
    chosen = org_by_code([a.org for a in spenders], request.GET.get("org", ""))
    form = SpendingForm(
        posted_data(request),
        orgs=choices,
        initial={"org": chosen.code if chosen else spenders[0].org.code, "spent_on": timezone.localdate()},
    )
    done = form_perform(
        request,
        form,
        lambda data: services.subsidy_spend(
            subsidy=subsidy,
            org=org_by_code([a.org for a in spenders], data["org"]),  # type: ignore[arg-type]
            member_query=data["member"],
            recipient_name=data["recipient_name"],
            amount=data["amount"],
            spent_on=data["spent_on"],
            purpose=data["purpose"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda spending: (
            f"已登记{spending.org.name}向{spending.recipient_name}发放 {spending.amount} 元"
        ),
        then=_detail_url(subsidy),
    )
    context = {"subsidy": subsidy, "form": form, "shares": [tree[a.org_id] for a in spenders]}
    return done or render(request, "welfare/subsidies/subsidy_spend.html", context)


@sensitive_response
@require_POST
@console_view(CARE_VIEW)
def subsidy_export(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    """The roll-up the user sees and the (filtered) spending list of their branch as xlsx; names people, so
    audited and never cached."""
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    rows = tree_for_user(subsidy_tree(subsidy), request.user)
    spendings = spending_list_for_user(request.user, subsidy, spending_filters(request.GET))
    try:
        content, name = services.subsidy_export(
            subsidy=subsidy,
            actor=request.user,
            rows=rows,
            spendings=spendings.iterator(chunk_size=500),
            context=AuditContext.of(request),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(_detail_url(subsidy))
    return xlsx_response(content, name)


@console_view(CARE_VIEW)
def subsidy_spending_delete(request: AuthedRequest, spending_id: int) -> HttpResponse:
    """删除使用记录: a confirmation page; the POST deletes the record (timeline and audit keep it)."""
    spending = spending_get_visible_or_404(request.user, spending_id)
    subsidy = spending.subsidy
    if subsidy.status == SubsidyStatus.CLOSED:
        raise PermissionDenied
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.subsidy_spending_delete(
                spending=spending, actor=request.user, context=AuditContext.of(request)
            ),
            success=f"已删除{spending.org.name}向{spending.recipient_name}发放 {spending.amount} 元的记录",
            back=_detail_url(subsidy),
        )
    return render(
        request, "welfare/subsidies/spending_delete.html", {"spending": spending, "subsidy": subsidy}
    )


@console_view(CARE_VIEW)
def subsidy_close(request: AuthedRequest, subsidy_id: int) -> HttpResponse:
    """结束补助: a confirmation page with the balance of each union; the POST closes the subsidy."""
    subsidy = subsidy_get_visible_or_404(request.user, subsidy_id)
    if not may_manage_subsidy(request.user, subsidy) or subsidy.status != SubsidyStatus.ISSUED:
        raise PermissionDenied
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.subsidy_close(
                subsidy=subsidy, actor=request.user, context=AuditContext.of(request)
            ),
            success=f"已结束补助“{subsidy.name}”",
            back=_detail_url(subsidy),
        )
    tree = subsidy_tree(subsidy)
    context = {"subsidy": subsidy, "figures": subsidy_summary(subsidy, tree), "rows": tree}
    return render(request, "welfare/subsidies/subsidy_close.html", context)
