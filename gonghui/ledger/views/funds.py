"""Funds and budget lines (spent and remaining per line), one line's page, totals by union, fund and purpose, and
the accountant's export. Thin: selectors read, services write."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate
from gonghui.orgs.models import Org

from ..forms import BudgetLineForm, FundForm, TotalsFilterForm
from ..permissions import MANAGE, VIEW, can_manage_ledger, can_reveal_account
from ..selectors import (
    fund_get_visible_or_404,
    funds_visible_to,
    ledger_totals,
    ledger_years,
    line_entries,
    line_get_visible_or_404,
)
from ..services import budget_line_set, fund_create, ledger_accountant_export


@console_view(VIEW)
def fund_list(request: AuthedRequest) -> HttpResponse:
    """经费与预算: every visible fund with its lines, budget, spent and remaining."""
    funds = paginate(request, funds_visible_to(request.user), per_page=20)
    manageable = {fund.pk for fund in funds if can_manage_ledger(request.user, fund.org)}
    context = {
        "page": funds,
        "manageable": manageable,
        "can_create": has_action_anywhere(request.user, MANAGE),
    }
    return render(request, "ledger/fund_list.html", context)


@console_view(MANAGE)
def fund_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = Org.objects.visible_to(request.user, MANAGE).filter(status="active").order_by("path")
    form = FundForm(posted_data(request), orgs=orgs, initial={"year": timezone.localdate().year})
    done = form_perform(
        request,
        form,
        lambda data: fund_create(
            org=data["org"],
            kind=data["kind"],
            name=data["name"],
            year=data["year"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda fund: f"已新建经费 {fund}",
        then=lambda fund: reverse("ledger:line_set", args=[fund.pk]),
    )
    if done is not None:
        return done
    return render(request, "ledger/fund_form.html", {"form": form})


@console_view(MANAGE)
def line_set(request: AuthedRequest, fund_id: int) -> HttpResponse:
    """设置预算: add a line to the fund or change a line's amount (never below what it has paid)."""
    fund = fund_get_visible_or_404(request.user, fund_id, demand=MANAGE)
    initial = {"purpose": request.GET.get("purpose", "")[:100]}
    form = BudgetLineForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: budget_line_set(
            fund=fund,
            purpose=data["purpose"],
            amount=data["amount"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda line: f"预算科目“{line.purpose}”：{line.amount} 元",
        then=reverse("ledger:fund_list"),
    )
    if done is not None:
        return done
    lines = funds_visible_to(request.user).get(pk=fund.pk).lines.all()
    return render(request, "ledger/line_form.html", {"form": form, "fund": fund, "lines": lines})


@console_view(VIEW)
def line_detail(request: AuthedRequest, line_id: int) -> HttpResponse:
    line = line_get_visible_or_404(request.user, line_id)
    org = line.fund.org
    entries = line_entries(line)
    context = {
        "line": line,
        "remaining": line.remaining,  # type: ignore[attr-defined]
        "page": paginate(request, entries),
        "can_manage": can_manage_ledger(request.user, org),
        "can_export": can_manage_ledger(request.user, org) and can_reveal_account(request.user, org),
    }
    return render(request, "ledger/line_detail.html", context)


@console_view(VIEW)
def totals(request: AuthedRequest) -> HttpResponse:
    """汇总: budget, net paid and remaining by union, fund and purpose."""
    form = TotalsFilterForm(request.GET, years=ledger_years(request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    rows = ledger_totals(request.user, year=year)
    context = {
        "form": form,
        "rows": rows,
        "year": year,
        "budget": sum((row.budget for row in rows), start=0),
        "spent": sum((row.spent for row in rows), start=0),
        "remaining": sum((row.remaining for row in rows), start=0),
    }
    return render(request, "ledger/totals.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def accountant_export(request: AuthedRequest) -> HttpResponse:
    """The accountant's workbook (汇总 and 明细, accounts masked) of the visible ledger, for one year or all."""
    form = TotalsFilterForm(request.POST, years=ledger_years(request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    content = ledger_accountant_export(actor=request.user, year=year, context=AuditContext.of(request))
    return xlsx_response(content, f"资金发放台账-{year or '全部'}.xlsx")
