"""Pages of 慰问 standards, payments and visits (part `condolences`): the 慰问登记 list (filters, search,
pagination, totals per occasion, the audited export), 登记慰问 (find the member, check against the standard, pay
through the ledger, optionally with the visit), the payment page (facts, the visit through the visits block, the
timeline), 冲销 (a confirmation page) and 登记走访; the 慰问标准 list with its history, 新增 and 修改."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import DEFAULT_PER_PAGE, paginate, query_without_page

from ..choices import CondolenceOccasion
from ..forms.condolences import (
    PaymentFilterForm,
    PaymentForm,
    PaymentVisitForm,
    ReverseForm,
    StandardFilterForm,
    StandardForm,
)
from ..permissions import CARE_MANAGE, CARE_VIEW
from ..selectors.condolences import (
    manage_orgs,
    member_for_payment,
    members_for_payment,
    payable_lines,
    payment_filter_choices,
    payment_filters,
    payment_for,
    payment_list_for_user,
    payment_page,
    standard_for,
    standard_for_user,
    standard_is_used,
    standard_orgs,
    standard_rows,
    totals_by_occasion,
)
from ..services import condolences as services


@console_view(CARE_VIEW)
def condolence_list(request: AuthedRequest) -> HttpResponse:
    choices = payment_filter_choices(request.user)
    filters = payment_filters(request.GET)
    form = PaymentFilterForm(request.GET, years=choices.years, orgs=choices.orgs)
    payments = payment_list_for_user(request.user, filters)
    context = {
        "form": form,
        "page": paginate(request, payments),
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "totals": totals_by_occasion(payments),
        "may_create": manage_orgs(request.user).exists(),
    }
    return render(request, "welfare/condolences/condolence_list.html", context)


@sensitive_response
@require_POST
@console_view(CARE_VIEW)
def condolence_export(request: AuthedRequest) -> HttpResponse:
    """The filtered payments (the list's query string) as xlsx: members' names, so audited and never cached."""
    try:
        content, name = services.condolence_export(
            actor=request.user, filters=payment_filters(request.GET), context=AuditContext.of(request)
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect(reverse("welfare:condolence_list"))
    return xlsx_response(content, name)


def _visit_input(data: dict[str, object], form: PaymentForm) -> services.VisitInput | None:
    if not form.has_visit():
        return None
    return services.VisitInput(
        visited_on=data["visited_on"],  # type: ignore[arg-type]
        visitors=str(data["visitors"]),
        content=str(data.get("content") or ""),
        gifts=str(data.get("gifts") or ""),
    )


@console_view(CARE_MANAGE)
def condolence_create(request: AuthedRequest) -> HttpResponse:
    """登记慰问: find the member (name, 手机号 or 会员编号, in the user's subtrees), then the form; saving checks the
    standard and pays through the ledger at once (with the visit when its fields are filled)."""
    user = request.user
    orgs = manage_orgs(user)
    lines = payable_lines(user)
    query = str(request.GET.get("q") or "").strip()[:50]
    chosen = request.POST.get("member") if request.method == "POST" else request.GET.get("member")
    member = member_for_payment(user, chosen) if chosen else None
    initial: dict[str, object] = {"member": member.public_id if member else None}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    form = PaymentForm(posted_data(request), orgs=orgs, lines=lines, initial=initial)

    def perform(data: dict[str, object]) -> object:
        if member is None:
            raise ValidationError("请先查找并选择慰问对象（本会及下级工会的会员）")
        return services.condolence_pay(
            actor=user,
            org=data["org"],  # type: ignore[arg-type]
            member=member,
            occasion=str(data["occasion"]),
            event_date=data["event_date"],  # type: ignore[arg-type]
            amount=data["amount"],  # type: ignore[arg-type]
            budget_line=data["budget_line"],  # type: ignore[arg-type]
            note=str(data.get("note") or ""),
            visit=_visit_input(data, form),
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda payment: (
            f"已登记{payment.member.name}的{payment.get_occasion_display()}慰问，"
            f"{payment.amount} 元已经资金发放台账支付"
        ),
        then=lambda payment: reverse("welfare:condolence_detail", args=[payment.pk]),
    )
    today = timezone.localdate()
    standards = [
        (org, [(label, standard_for(org, value, today)) for value, label in CondolenceOccasion.choices])
        for org in orgs[:3]
    ]
    context = {
        "form": form,
        "member": member,
        "query": query,
        "results": members_for_payment(user, query) if query and member is None else [],
        "has_lines": lines.exists(),
        "standards": standards,
    }
    return done or render(request, "welfare/condolences/condolence_form.html", context)


@console_view(CARE_VIEW)
def condolence_detail(request: AuthedRequest, payment_id: int) -> HttpResponse:
    payment = payment_for(request.user, payment_id)
    return render(
        request,
        "welfare/condolences/condolence_detail.html",
        payment_page(user=request.user, payment=payment),
    )


@console_view(CARE_VIEW)
def condolence_reverse(request: AuthedRequest, payment_id: int) -> HttpResponse:
    """冲销: a confirmation page (GET) and the reversal through the ledger (POST, with the reason)."""
    payment = payment_for(request.user, payment_id, demand=CARE_MANAGE)
    form = ReverseForm(posted_data(request))
    done = None
    if not payment.is_reversed:  # type: ignore[attr-defined]
        done = form_perform(
            request,
            form,
            lambda data: services.condolence_reverse(
                payment=payment, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
            ),
            success=f"已冲销{payment.member.name}的{payment.get_occasion_display()}慰问 {payment.amount} 元",
            then=reverse("welfare:condolence_detail", args=[payment.pk]),
        )
    context = {"payment": payment, "form": form, "is_reversed": payment.is_reversed}  # type: ignore[attr-defined]
    return done or render(request, "welfare/condolences/condolence_reverse.html", context)


@console_view(CARE_VIEW)
def condolence_visit(request: AuthedRequest, payment_id: int) -> HttpResponse:
    """登记走访 of a payment (one per payment), recorded through the visits block."""
    payment = payment_for(request.user, payment_id, demand=CARE_MANAGE)
    form = PaymentVisitForm(posted_data(request))
    done = None
    if payment.visit_id is None:
        done = form_perform(
            request,
            form,
            lambda data: services.condolence_visit_record(
                payment=payment,
                actor=request.user,
                visit=services.VisitInput(
                    visited_on=data["visited_on"],
                    visitors=data["visitors"],
                    content=data["content"],
                    gifts=data["gifts"],
                ),
                context=AuditContext.of(request),
            ),
            success=f"已登记{payment.member.name}的走访",
            then=reverse("welfare:condolence_detail", args=[payment.pk]),
        )
    return done or render(
        request, "welfare/condolences/condolence_visit.html", {"payment": payment, "form": form}
    )


@console_view(CARE_VIEW)
def standard_list(request: AuthedRequest) -> HttpResponse:
    orgs = standard_orgs(request.user)
    form = StandardFilterForm(request.GET, orgs=orgs)
    org_id = form.cleaned_data.get("org") if form.is_valid() else None
    occasion = form.cleaned_data.get("occasion", "") if form.is_valid() else ""
    rows = standard_rows(request.user, org_id=org_id, occasion=occasion)
    context = {
        "form": form,
        "page": Paginator(rows, DEFAULT_PER_PAGE * 2).get_page(request.GET.get("page")),
        "querystring": query_without_page(request),
        "filtered": bool(org_id or occasion),
        "may_create": manage_orgs(request.user).exists(),
    }
    return render(request, "welfare/condolences/standard_list.html", context)


@console_view(CARE_MANAGE)
def standard_create(request: AuthedRequest) -> HttpResponse:
    orgs = manage_orgs(request.user)
    initial: dict[str, object] = {"effective_from": timezone.localdate()}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    if request.GET.get("occasion") in CondolenceOccasion.values:
        initial["occasion"] = request.GET["occasion"]
    form = StandardForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: services.condolence_standard_save(
            actor=request.user,
            org=data["org"],
            occasion=data["occasion"],
            max_amount=data["max_amount"],
            times_per_year=data["times_per_year"],
            effective_from=data["effective_from"],
            basis=data["basis"],
            context=AuditContext.of(request),
        ),
        success=lambda standard: f"已保存{standard.org.name}“{standard.get_occasion_display()}”慰问标准",
        then=reverse("welfare:standard_list"),
    )
    return done or render(request, "welfare/condolences/standard_form.html", {"form": form, "standard": None})


@console_view(CARE_VIEW)
def standard_edit(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """修改 an unused standard; a used one shows why it cannot change (add a new one with a later date)."""
    standard = standard_for_user(request.user, standard_id, demand=CARE_MANAGE)
    used = standard_is_used(standard)
    form = StandardForm(
        posted_data(request),
        initial={
            "occasion": standard.occasion,
            "max_amount": standard.max_amount,
            "times_per_year": standard.times_per_year,
            "effective_from": standard.effective_from,
            "basis": standard.basis,
        },
    )
    done = None
    if not used:
        done = form_perform(
            request,
            form,
            lambda data: services.condolence_standard_save(
                actor=request.user,
                standard=standard,
                occasion=data["occasion"],
                max_amount=data["max_amount"],
                times_per_year=data["times_per_year"],
                effective_from=data["effective_from"],
                basis=data["basis"],
                context=AuditContext.of(request),
            ),
            success=lambda saved: f"已保存{saved.org.name}“{saved.get_occasion_display()}”慰问标准",
            then=reverse("welfare:standard_list"),
        )
    context = {"form": form, "standard": standard, "used": used}
    return done or render(request, "welfare/condolences/standard_form.html", context)
