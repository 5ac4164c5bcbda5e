"""Console pages of member cards: applications, members without a card (bulk apply), batches (export to the bank,
import of the bank's result), bank templates. Thin: selectors read, services write."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import console_orgs
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import (
    apply_validation_error,
    button_perform,
    form_error_text,
    form_perform,
    posted_data,
)
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.selectors import org_get_for_user

from ..choices import (
    BankTemplateKind,
    CardAction,
    CardBatchAction,
    CardBatchStatus,
    CardHandlingAction,
    CardKind,
    CardStatus,
)
from ..forms.cards import (
    BankTemplateForm,
    BulkApplyForm,
    CardApplicationForm,
    CardBatchCreateForm,
    ResultFileForm,
)
from ..models import CardBankTemplate
from ..permissions import (
    MANAGE,
    REVEAL,
    TEMPLATE_MANAGE,
    VIEW,
    can_export_batch,
    can_manage_batch,
    can_manage_card,
    can_manage_card_templates,
    can_manage_cards_anywhere,
    can_manage_members,
)
from ..selectors.cards import (
    card_application_get_for_user,
    card_application_list_for_user,
    card_bank_template_batch_count,
    card_bank_template_get,
    card_batch_applications,
    card_batch_candidates,
    card_batch_get_for_user,
    card_batch_list_for_user,
    card_eligible_members_for_user,
)
from ..services.card_templates import (
    CARD_EXPORT_FIELDS,
    DEFAULT_PAYMENT_COLUMNS,
    EXPORT_FIELDS,
    PAYMENT_EXPORT_FIELDS,
    TEMPLATE_NOTICE,
    card_bank_template_default,
    card_bank_template_delete,
    card_bank_template_list,
    card_bank_template_save,
    card_batch_columns,
)
from ..services.cards import (
    batch_workflow,
    card_application_update,
    card_apply_bulk,
    card_batch_add,
    card_batch_add_all,
    card_batch_create,
    card_batch_export,
    card_batch_import_result,
    card_batch_remove,
    card_batch_send,
    card_collect,
    card_collect_many,
    card_reissue,
    card_report_lost,
    card_workflow,
)


def _columns_text(columns: list[dict[str, str]]) -> str:
    return "\n".join(f"{c.get('header', '')}={c.get('field', '')}" for c in columns)


def _within(request: AuthedRequest) -> Any:
    code = request.GET.get("org", "").strip()
    return org_get_for_user(user=request.user, code=code, action=VIEW) if code else None


def _manage_orgs(user: Actor) -> list[Any]:
    return [o for o in console_orgs(user) if can_manage_members(user, o)]


@console_view(VIEW)
def card_application_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    within = _within(request)
    page = paginate(
        request,
        card_application_list_for_user(
            user=request.user, status=status, kind=kind, query=query, within=within
        ),
    )
    context = {
        "page": page,
        "query": query,
        "status": status,
        "kind": kind,
        "within": within,
        "statuses": CardStatus.choices,
        "kinds": CardKind.choices,
        "querystring": query_without_page(request),
        "can_manage": can_manage_cards_anywhere(request.user),
        "can_list_eligible": can_manage_cards_anywhere(request.user),
    }
    if htmx_partial(request):
        return render(request, "members/cards/partials/card_application_table.html", context)
    return render(request, "members/cards/card_application_list.html", context)


@console_view(MANAGE)
def card_eligible_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    within = _within(request)
    page = paginate(request, card_eligible_members_for_user(user=request.user, within=within, query=query))
    context = {
        "page": page,
        "query": query,
        "within": within,
        "orgs": _manage_orgs(request.user),
        "form": BulkApplyForm(),
        "querystring": query_without_page(request),
    }
    if htmx_partial(request):
        return render(request, "members/cards/partials/card_eligible_table.html", context)
    return render(request, "members/cards/card_eligible_list.html", context)


@require_POST
@console_view(MANAGE)
def card_apply_bulk_view(request: AuthedRequest) -> HttpResponse:
    """Apply for the ticked members, or (all_in=<org code>) for every eligible member of that subtree."""
    form = BulkApplyForm(request.POST)
    back = reverse("members:card_eligible_list")
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return htmx_redirect(request, back)
    eligible = card_eligible_members_for_user(user=request.user)
    all_in = request.POST.get("all_in", "").strip()
    if all_in:
        org = org_get_for_user(user=request.user, code=all_in, action=MANAGE)
        members = list(eligible.filter(org__path__startswith=org.path))
    else:
        members = list(eligible.filter(public_id__in=_uuids(request.POST.getlist("members"))))
    if not members:
        messages.error(request, "请先勾选要办理会员卡的会员")
        return htmx_redirect(request, back)
    result = card_apply_bulk(
        members=members, actor=request.user, mailing_address=form.cleaned_data["mailing_address"]
    )
    messages.success(request, f"已为 {len(result.created)} 名会员提交会员卡申请")
    for name, reason in result.skipped[:10]:
        messages.warning(request, f"{name}：{reason}")
    return htmx_redirect(request, reverse("members:card_application_list") + "?status=applied")


def _uuids(values: list[str]) -> list[str]:
    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return found


@require_POST
@console_view(MANAGE)
def card_collect_bulk_view(request: AuthedRequest) -> HttpResponse:
    applications = list(
        card_application_list_for_user(user=request.user, action=MANAGE).filter(
            public_id__in=_uuids(request.POST.getlist("applications"))
        )
    )
    back = reverse("members:card_application_list") + "?status=made"
    if not applications:
        messages.error(request, "请先勾选已制卡的申请")
        return htmx_redirect(request, back)
    return button_perform(
        request,
        lambda: card_collect_many(applications=applications, actor=request.user),
        success=lambda count: f"已登记 {count} 张会员卡领取",
        back=back,
    )


@console_view(VIEW)
def card_application_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = card_application_get_for_user(user=request.user, public_id=public_id)
    can_manage = can_manage_card(request.user, application)
    return render(
        request,
        "members/cards/card_application_detail.html",
        {
            "application": application,
            "member": application.member,
            "timeline": timeline_for(application),
            "can_manage": can_manage,
            # every step follows the workflow table (the console's steps are a managing cadre's)
            "editable": can_manage and card_workflow.can(application, CardHandlingAction.EDIT, request.user),
            "can_collect": card_workflow.can(application, CardAction.COLLECT, request.user),
            "can_report_lost": can_manage
            and card_workflow.can(application, CardAction.REPORT_LOST, request.user),
            "can_reissue": can_manage and card_workflow.can(application, CardAction.REISSUE, request.user),
        },
    )


@console_view(MANAGE)
def card_application_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = card_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = CardApplicationForm(
        posted_data(request),
        initial={"mailing_address": application.mailing_address, "note": application.note},
    )
    done = form_perform(
        request,
        form,
        lambda data: card_application_update(application=application, actor=request.user, **data),
        success="已保存",
        then=reverse("members:card_application_detail", args=[public_id]),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/cards/card_application_form.html",
        {
            "application": application,
            "form": form,
            "editable": card_workflow.can(application, CardHandlingAction.EDIT, request.user),
        },
    )


def _card_step(request: AuthedRequest, public_id: str, step: Any, done: str) -> HttpResponse:
    application = card_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: step(application),
        success=done,
        back=reverse("members:card_application_detail", args=[public_id]),
    )


@require_POST
@console_view(MANAGE)
def card_application_collect(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _card_step(
        request, public_id, lambda a: card_collect(application=a, actor=request.user), "已登记领取"
    )


@require_POST
@console_view(MANAGE)
def card_application_report_lost(request: AuthedRequest, public_id: str) -> HttpResponse:
    note = request.POST.get("note", "")[:200]
    return _card_step(
        request, public_id, lambda a: card_report_lost(application=a, actor=request.user, note=note), "已挂失"
    )


@require_POST
@console_view(MANAGE)
def card_application_reissue(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = card_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: card_reissue(
            application=application,
            actor=request.user,
            mailing_address=request.POST.get("mailing_address", "")[:200],
        ),
        success="已提交补办申请",
        back=reverse("members:card_application_detail", args=[public_id]),
        then=lambda fresh: reverse("members:card_application_detail", args=[fresh.public_id]),
    )


@console_view(VIEW)
def card_batch_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, card_batch_list_for_user(user=request.user, status=status))
    orgs = _manage_orgs(request.user)
    return render(
        request,
        "members/cards/card_batch_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CardBatchStatus.choices,
            "querystring": query_without_page(request),
            "form": CardBatchCreateForm(orgs=orgs) if orgs else None,
            "can_list_eligible": can_manage_cards_anywhere(request.user),
        },
    )


@require_POST
@console_view(MANAGE)
def card_batch_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = _manage_orgs(request.user)
    form = CardBatchCreateForm(request.POST, orgs=orgs)
    return button_perform(
        request,
        lambda: card_batch_create(
            org=org_get_for_user(user=request.user, code=form.cleaned_data["org"], action=MANAGE),
            actor=request.user,
            bank_template=form.cleaned_data["bank_template"],
        ),
        form=form,
        success=lambda batch: f"已新建批次 {batch.number}",
        back=reverse("members:card_batch_list"),
        then=lambda batch: reverse("members:card_batch_detail", args=[batch.public_id]),
    )


@console_view(VIEW)
def card_batch_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id)
    can_manage = can_manage_batch(request.user, batch)
    is_draft = batch.status == CardBatchStatus.DRAFT
    candidates = card_batch_candidates(batch=batch) if can_manage and is_draft else None
    return render(
        request,
        "members/cards/card_batch_detail.html",
        {
            "batch": batch,
            "page": paginate(request, card_batch_applications(batch=batch)),
            "querystring": query_without_page(request),
            "candidates": candidates[:200] if candidates is not None else [],
            "candidate_count": candidates.count() if candidates is not None else 0,
            "timeline": timeline_for(batch),
            "columns": card_batch_columns(batch),
            "can_manage": can_manage,
            "can_send": batch_workflow.can(batch, CardBatchAction.SEND, request.user),
            "can_export": can_export_batch(request.user, batch),
            "is_draft": is_draft,
            "can_import": can_manage and not is_draft,
            "notice": TEMPLATE_NOTICE,
        },
    )


@require_POST
@console_view(MANAGE)
def card_batch_add_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    back = reverse("members:card_batch_detail", args=[public_id])
    try:
        if request.POST.get("all") == "1":
            count = card_batch_add_all(batch=batch, actor=request.user)
        else:
            chosen = card_batch_candidates(batch=batch).filter(
                public_id__in=_uuids(request.POST.getlist("applications"))
            )
            count = card_batch_add(batch=batch, applications=list(chosen), actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return htmx_redirect(request, back)
    if count:
        messages.success(request, f"已加入 {count} 份申请")
    else:
        messages.error(request, "请先勾选要加入批次的申请")
    return htmx_redirect(request, back)


@require_POST
@console_view(MANAGE)
def card_batch_remove_view(request: AuthedRequest, public_id: str, application_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    application = card_application_get_for_user(user=request.user, public_id=application_id, action=MANAGE)
    return button_perform(
        request,
        lambda: card_batch_remove(batch=batch, application=application, actor=request.user),
        success=f"已将 {application.member.name} 的申请移出批次",
        back=reverse("members:card_batch_detail", args=[public_id]),
    )


@require_POST
@console_view(MANAGE)
def card_batch_send_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: card_batch_send(batch=batch, actor=request.user),
        success=f"批次 {batch.number} 已标记为报送银行",
        back=reverse("members:card_batch_detail", args=[public_id]),
    )


@sensitive_response
@require_POST
@console_view(REVEAL)
def card_batch_export_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id, action=REVEAL)
    content = card_batch_export(batch=batch, actor=request.user, context=AuditContext.of(request))
    return xlsx_response(content, f"会员卡批次-{batch.number}.xlsx")


@console_view(MANAGE)
def card_batch_import_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    batch = card_batch_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ResultFileForm(posted_data(request), request.FILES if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = card_batch_import_result(
                batch=batch, actor=request.user, content=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(
        request,
        "members/cards/card_batch_import.html",
        {"batch": batch, "form": form, "report": report, "is_draft": batch.status == CardBatchStatus.DRAFT},
    )


@require_GET
@console_view(VIEW)
def card_template_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "members/cards/card_template_list.html",
        {
            "templates": card_bank_template_list(),
            "fields": CARD_EXPORT_FIELDS,
            "payment_fields": PAYMENT_EXPORT_FIELDS,
            "notice": TEMPLATE_NOTICE,
            "can_manage": can_manage_card_templates(request.user),
            "can_list_eligible": can_manage_cards_anywhere(request.user),
        },
    )


def _template_form_page(request: AuthedRequest, template: CardBankTemplate | None) -> HttpResponse:
    """新建/修改银行模板; a new one starts as the kind asked for (?kind=payment: 代发) with that kind's default columns."""
    if template is not None:
        initial: dict[str, Any] = {
            "name": template.name,
            "kind": template.kind,
            "columns": _columns_text(template.columns),
            "is_default": template.is_default,
        }
    elif request.GET.get("kind") == BankTemplateKind.PAYMENT:
        initial = {"kind": BankTemplateKind.PAYMENT, "columns": _columns_text(DEFAULT_PAYMENT_COLUMNS)}
    else:
        initial = {
            "kind": BankTemplateKind.CARD,
            "columns": _columns_text(card_bank_template_default().columns),
        }
    form = BankTemplateForm(posted_data(request), initial=initial)
    asked = form.data.get("kind") if form.is_bound else initial["kind"]
    kind = BankTemplateKind.PAYMENT if asked == BankTemplateKind.PAYMENT else BankTemplateKind.CARD
    done = form_perform(
        request,
        form,
        lambda data: card_bank_template_save(actor=request.user, template=template, **data),
        success="已保存银行模板",
        then=reverse("members:card_template_list"),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/cards/card_template_form.html",
        {
            "form": form,
            "template": template,
            "kind": kind.value,
            "kind_label": kind.label,
            "fields": EXPORT_FIELDS[kind],
            "notice": TEMPLATE_NOTICE,
        },
    )


@console_view(TEMPLATE_MANAGE)
def card_template_create(request: AuthedRequest) -> HttpResponse:
    return _template_form_page(request, None)


@console_view(TEMPLATE_MANAGE)
def card_template_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _template_form_page(request, card_bank_template_get(pk=pk))


@console_view(TEMPLATE_MANAGE)
def card_template_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page (says why a template cannot go); POST: delete."""
    template = card_bank_template_get(pk=pk)
    error = ""
    if request.method == "POST":
        name = template.name
        try:
            card_bank_template_delete(actor=request.user, template=template)
        except ValidationError as exc:
            error = validation_error_text(exc)
        else:
            messages.success(request, f"已删除银行模板 {name}")
            return htmx_redirect(request, reverse("members:card_template_list"))
    return render(
        request,
        "members/cards/card_template_delete.html",
        {
            "template": template,
            "batch_count": card_bank_template_batch_count(template),
            "fields": EXPORT_FIELDS[BankTemplateKind(template.kind)],
            "error": error,
        },
    )
