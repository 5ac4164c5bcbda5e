"""The entry list (filters, pagination, masked accounts), one entry with its bank answers, paying by hand (a form
token is the idempotency key, so a double submit pays once and says so), reversing with a reason, the audited
reveal of an account, the bank's payment file in a saved layout and the import of the bank's answer. Thin:
selectors read, services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import apply_validation_error, form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..forms import BatchExportForm, EntryFilterForm, PayForm, ResultsImportForm, ReverseForm
from ..permissions import MANAGE, REVEAL, VIEW, can_manage_ledger, can_reveal_account
from ..selectors import (
    EntryFilters,
    entry_by_key,
    entry_get_visible_or_404,
    entry_list_for_user,
    entry_results,
    fund_choices_for_user,
    ledger_years,
    line_get_visible_or_404,
)
from ..services import (
    ledger_account_reveal,
    ledger_batch_export,
    ledger_pay,
    ledger_results_import,
    ledger_reverse,
    payment_layouts,
)

MANUAL_KEY = "ledger.manual:{token}"


@console_view(VIEW)
def entry_list(request: AuthedRequest) -> HttpResponse:
    funds = fund_choices_for_user(request.user)
    form = EntryFilterForm(request.GET, years=ledger_years(request.user), funds=funds)
    data = form.cleaned_data if form.is_valid() else {}
    filters = EntryFilters(
        fund=data.get("fund"),
        line=data.get("line"),
        purpose=data.get("purpose", ""),
        payee=data.get("payee", ""),
        status=data.get("status", ""),
        year=data.get("year"),
    )
    context = {
        "form": form,
        "page": paginate(request, entry_list_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(value not in (None, "") for value in data.values()),
    }
    if htmx_partial(request):
        return render(request, "ledger/partials/entry_table.html", context)
    return render(request, "ledger/entry_list.html", context)


@console_view(VIEW)
def entry_detail(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = entry_get_visible_or_404(request.user, entry_id)
    org = entry.budget_line.fund.org
    reversed_by = getattr(entry, "reversal", None)
    context = {
        "entry": entry,
        "results": entry_results(entry),
        "reversed_by": reversed_by,
        "can_reverse": can_manage_ledger(request.user, org)
        and entry.reverses_id is None
        and reversed_by is None,
        "can_reveal": bool(entry.bank_account_encrypted) and can_reveal_account(request.user, org),
    }
    return render(request, "ledger/entry_detail.html", context)


@console_view(MANAGE)
def pay(request: AuthedRequest, line_id: int) -> HttpResponse:
    """支付一笔: the form's token (drawn when the page is shown) is the payment's idempotency key."""
    line = line_get_visible_or_404(request.user, line_id, demand=MANAGE)
    form = PayForm(posted_data(request), initial={"token": PayForm.new_token()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = MANUAL_KEY.format(token=data["token"])
        earlier = entry_by_key(key)
        if earlier is not None:
            form.add_error(None, _duplicate_message(earlier))
        else:
            started = timezone.now()
            try:
                entry = ledger_pay(
                    budget_line=line,
                    amount=data["amount"],
                    payee_name=data["payee_name"],
                    bank_name=data["bank_name"],
                    bank_account=data["bank_account"],
                    purpose=data["purpose"],
                    tax_withheld=data["tax_withheld"],
                    idempotency_key=key,
                    actor=request.user,
                    context=AuditContext.of(request),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if entry.created_at < started:  # a twin submission committed it first
                    form.add_error(None, _duplicate_message(entry))
                else:
                    messages.success(request, f"已登记支付：{entry.payee_name} {entry.amount} 元")
                    return htmx_redirect(request, reverse("ledger:entry_detail", args=[entry.pk]))
    context = {"form": form, "line": line, "remaining": line.remaining}  # type: ignore[attr-defined]
    return render(request, "ledger/pay_form.html", context)


def _duplicate_message(entry: object) -> str:
    return f"这张支付单已经提交过（{entry}），没有重复支付。如需再付一笔，请重新打开“登记支付”。"


@console_view(MANAGE)
def entry_reverse(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = entry_get_visible_or_404(request.user, entry_id, demand=MANAGE)
    back = reverse("ledger:entry_detail", args=[entry.pk])
    if entry.reverses_id is not None or getattr(entry, "reversal", None) is not None:
        messages.error(request, "该记录已冲销或本身是冲销记录，不能再冲销")
        return redirect(back)
    form = ReverseForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: ledger_reverse(
            entry=entry, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success=lambda reversal: f"已冲销 {entry.payee_name} {entry.amount} 元",
        then=lambda reversal: reverse("ledger:entry_detail", args=[reversal.pk]),
    )
    if done is not None:
        return done
    return render(request, "ledger/entry_reverse.html", {"entry": entry, "form": form})


@sensitive_response
@require_POST
@console_view(REVEAL)
def entry_reveal(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = entry_get_visible_or_404(request.user, entry_id, demand=REVEAL)
    account = ledger_account_reveal(entry=entry, actor=request.user, context=AuditContext.of(request))
    return render(request, "ledger/partials/account_revealed.html", {"entry": entry, "account": account})


@sensitive_response
@console_view(MANAGE)
def batch_export(request: AuthedRequest, line_id: int) -> HttpResponse:
    """导出支付文件: pick a layout (the default or a saved bank template); the file carries full accounts."""
    line = line_get_visible_or_404(request.user, line_id, demand=MANAGE)
    org = line.fund.org
    if not can_reveal_account(request.user, org):
        raise PermissionDenied
    layouts = {layout.key: layout for layout in payment_layouts()}
    form = BatchExportForm(
        posted_data(request), layouts=[(key, found.name) for key, found in layouts.items()]
    )
    if request.method == "POST" and form.is_valid():
        layout = layouts[form.cleaned_data["layout"]]
        try:
            content = ledger_batch_export(
                budget_line=line, actor=request.user, columns=layout.columns, context=AuditContext.of(request)
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d%H%M")
            return xlsx_response(content, f"支付文件-{line.purpose}-{stamp}.xlsx")
    context = {"form": form, "line": line, "layouts": list(layouts.values())}
    return render(request, "ledger/batch_export.html", context)


@console_view(MANAGE)
def results_import(request: AuthedRequest, line_id: int) -> HttpResponse:
    """导入银行回盘: all or nothing; every bad row is named."""
    line = line_get_visible_or_404(request.user, line_id, demand=MANAGE)
    form = ResultsImportForm(posted_data(request), request.FILES or None)
    done = form_perform(
        request,
        form,
        lambda data: ledger_results_import(
            budget_line=line, data=data["file"].read(), actor=request.user, context=AuditContext.of(request)
        ),
        success=lambda outcome: f"已导入银行回盘：成功 {outcome.paid} 笔，失败 {outcome.failed} 笔",
        then=reverse("ledger:line_detail", args=[line.pk]),
    )
    if done is not None:
        return done
    return render(request, "ledger/results_import.html", {"form": form, "line": line})
