"""Pages of 送温暖 and 慰问金 campaigns (part `relief`): the list (year, status, search), create and edit, the campaign
page (totals, people, timeline, the buttons of the next steps), adding people (a tag or a 名单), the import of a
list, 提交审批 / 退回 / 审批通过, 发放 (each person once), the bank file (POST, audited, no-store), the bank's answers,
冲销 and 剔除 (asked first), 结束. `welfare.care_view` reads; every action demands `welfare.care_manage` on the
campaign's union (403, GET and POST alike); outside the user's subtrees, 404. Paying, the bank file and 冲销 also
need the ledger's rights on the fund's union."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.ledger.services import payment_layouts

from ..choices import AmountMode, CampaignStatus, RecipientStatus
from ..forms.relief import (
    SOURCE_LIST,
    AddRecipientsForm,
    BankFileForm,
    CampaignForm,
    ReasonForm,
    ReliefFilterForm,
    UploadForm,
    category_amounts_text,
)
from ..models import ReliefCampaign, ReliefRecipient
from ..permissions import CARE_MANAGE, CARE_VIEW
from ..selectors.relief import (
    PAID_STATUSES,
    RECIPIENT_BADGES,
    STATUS_BADGES,
    campaign_categories,
    campaign_lines,
    campaign_orgs,
    campaign_recipients,
    campaign_timeline,
    campaign_totals,
    may_export_bank_file,
    may_manage,
    may_open_ledger,
    may_pay,
    member_tags,
    recipient_for,
    relief_filters,
    relief_for,
    relief_list_for_user,
    relief_years,
    target_lists_for,
)
from ..services.relief import (
    relief_approve as relief_approve_service,
)
from ..services.relief import (
    relief_bank_file as relief_bank_file_service,
)
from ..services.relief import (
    relief_campaign_create,
    relief_campaign_update,
    relief_import_template,
    relief_pay_all,
    relief_recipient_exclude,
    relief_recipients_add_by_tag,
    relief_recipients_add_from_list,
    relief_results_import,
)
from ..services.relief import (
    relief_close as relief_close_service,
)
from ..services.relief import (
    relief_recipients_import as relief_recipients_import_service,
)
from ..services.relief import (
    relief_return as relief_return_service,
)
from ..services.relief import (
    relief_reverse as relief_reverse_service,
)
from ..services.relief import (
    relief_submit as relief_submit_service,
)

TEMPLATE = "welfare/relief/"


@console_view(CARE_VIEW)
def relief_list(request: AuthedRequest) -> HttpResponse:
    filters = relief_filters(request.GET)
    context = {
        "form": ReliefFilterForm(request.GET, years=relief_years(request.user)),
        "page": paginate(request, relief_list_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "badges": STATUS_BADGES,
        "may_create": campaign_orgs(request.user).exists(),
    }
    return render(request, TEMPLATE + "relief_list.html", context)


def _campaign_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "kind": data["kind"],
        "year": data["year"],
        "budget_line": data["budget_line"],
        "amount_mode": data["amount_mode"],
        "fixed_amount": data.get("fixed_amount"),
        "category_amounts": data.get("category_amounts") or {},
        "description": data.get("description") or "",
    }


@console_view(CARE_MANAGE)
def relief_create(request: AuthedRequest) -> HttpResponse:
    orgs = campaign_orgs(request.user)
    lines = campaign_lines(request.user)
    initial: dict[str, object] = {"year": timezone.localdate().year}
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    form = CampaignForm(posted_data(request), orgs=orgs, lines=lines, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: relief_campaign_create(
            org=data["org"], actor=request.user, context=AuditContext.of(request), **_campaign_fields(data)
        ),
        success=lambda c: f"已新建活动“{c.name}”：请添加发放对象",
        then=lambda c: reverse("welfare:relief_detail", args=[c.pk]),
    )
    return done or render(
        request, TEMPLATE + "relief_form.html", {"form": form, "campaign": None, "has_lines": lines.exists()}
    )


@console_view(CARE_VIEW)
def relief_edit(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    lines = campaign_lines(request.user)
    initial = {
        "name": campaign.name,
        "kind": campaign.kind,
        "year": campaign.year,
        "budget_line": campaign.budget_line_id,
        "amount_mode": campaign.amount_mode,
        "fixed_amount": campaign.fixed_amount,
        "category_amounts": category_amounts_text(campaign.category_amounts),
        "description": campaign.description,
    }
    form = CampaignForm(posted_data(request), orgs=None, lines=lines, initial=initial)
    done = None
    if campaign.status == CampaignStatus.DRAFT:
        done = form_perform(
            request,
            form,
            lambda data: relief_campaign_update(
                campaign=campaign,
                actor=request.user,
                context=AuditContext.of(request),
                **_campaign_fields(data),
            ),
            success="已保存活动",
            then=reverse("welfare:relief_detail", args=[campaign.pk]),
        )
    context = {"form": form, "campaign": campaign, "has_lines": lines.exists()}
    return done or render(request, TEMPLATE + "relief_form.html", context)


@console_view(CARE_VIEW)
def relief_detail(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    campaign = relief_for(user, campaign_id)
    q = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    manage = may_manage(user, campaign)
    pay = may_pay(user, campaign)
    context = {
        "campaign": campaign,
        "badge": STATUS_BADGES.get(CampaignStatus(campaign.status), ""),
        "recipient_badges": RECIPIENT_BADGES,
        "totals": campaign_totals(campaign),
        "categories": campaign_categories(campaign) if campaign.amount_mode == AmountMode.CATEGORY else [],
        "page": paginate(request, campaign_recipients(campaign, q=q, status=status)),
        "querystring": query_without_page(request),
        "q": q,
        "status": status,
        "statuses": RecipientStatus.choices,
        "paid_statuses": [str(s) for s in PAID_STATUSES],
        "timeline": campaign_timeline(campaign),
        "may_manage": manage,
        "may_pay": pay,
        "may_export": may_export_bank_file(user, campaign),
        "may_open_ledger": may_open_ledger(user, campaign),
        "is_submitter": campaign.submitted_by_id == user.pk,
        "bank_form": BankFileForm(layouts=[(layout.key, layout.name) for layout in payment_layouts()]),
    }
    return render(request, TEMPLATE + "relief_detail.html", context)


def _detail_url(campaign: ReliefCampaign) -> str:
    return reverse("welfare:relief_detail", args=[campaign.pk])


def _not_open(request: AuthedRequest, campaign: ReliefCampaign, doing: str) -> HttpResponse:
    context = {
        "campaign": campaign,
        "not_open": f"该活动当前状态为“{campaign.get_status_display()}”，不能{doing}。",
    }
    return render(request, TEMPLATE + "not_open.html", context)


@console_view(CARE_VIEW)
def relief_recipients_add(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """添加发放对象: everyone of the subtree with a tag (援鄂医疗队), or a 名单; categories by tag."""
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    if campaign.status != CampaignStatus.DRAFT:
        return _not_open(request, campaign, "调整名单（名单只能在准备中调整）")
    form = AddRecipientsForm(
        posted_data(request), tags=member_tags(), lists=target_lists_for(request.user, campaign)
    )

    def perform(data: dict[str, Any]) -> Any:
        common = {
            "campaign": campaign,
            "actor": request.user,
            "category": data["category"],
            "tag_categories": data["tag_categories"],
        }
        if data["source"] == SOURCE_LIST:
            return relief_recipients_add_from_list(target_list=data["target_list"], **common)
        return relief_recipients_add_by_tag(tag=data["tag"].name, **common)

    done = form_perform(
        request,
        form,
        perform,
        success=lambda r: (
            f"已添加 {r.added} 人" + (f"，{r.duplicates} 人已在名单中未重复添加" if r.duplicates else "")
        ),
        then=_detail_url(campaign),
    )
    return done or render(request, TEMPLATE + "recipients_add.html", {"form": form, "campaign": campaign})


@console_view(CARE_VIEW)
def relief_recipients_import(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """导入名单 (姓名, 手机号 or 会员编号, 类别): all or nothing, every bad row named. `?template=1` is the blank
    workbook."""
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    if request.method == "GET" and request.GET.get("template"):
        return xlsx_response(relief_import_template(), "慰问名单导入模板.xlsx")
    if campaign.status != CampaignStatus.DRAFT:
        return _not_open(request, campaign, "调整名单（名单只能在准备中调整）")
    data = posted_data(request)
    form = UploadForm(data, request.FILES if data is not None else None)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            report = relief_recipients_import_service(
                campaign=campaign, actor=request.user, content=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            note = f"，{report.duplicates} 人已在名单中未重复添加" if report.duplicates else ""
            messages.success(request, f"已导入 {report.added} 人{note}")
            return htmx_redirect(request, _detail_url(campaign))
    context = {"form": form, "campaign": campaign, "errors": errors}
    return render(request, TEMPLATE + "recipients_import.html", context, status=422 if errors else 200)


@require_POST
@console_view(CARE_VIEW)
def relief_submit(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    return button_perform(
        request,
        lambda: relief_submit_service(campaign=campaign, actor=request.user),
        success="已提交审批：请由本会另一位工作人员审批",
        back=_detail_url(campaign),
    )


@console_view(CARE_VIEW)
def relief_return(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    if campaign.status != CampaignStatus.SUBMITTED:
        return _not_open(request, campaign, "退回")
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: relief_return_service(campaign=campaign, actor=request.user, reason=data["reason"]),
        success="已退回，活动回到准备中",
        then=_detail_url(campaign),
    )
    context = {
        "form": form,
        "campaign": campaign,
        "title": "退回活动",
        "intro": "退回后活动回到“准备中”，提交人可以修改名单和金额后重新提交。",
        "submit_label": "退回",
        "confirm": "确定退回该活动吗？",
    }
    return done or render(request, TEMPLATE + "reason.html", context)


@require_POST
@console_view(CARE_VIEW)
def relief_approve(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    return button_perform(
        request,
        lambda: relief_approve_service(campaign=campaign, actor=request.user),
        success="已审批通过：可以发放",
        back=_detail_url(campaign),
    )


@require_POST
@console_view(CARE_VIEW)
def relief_pay(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """发放: every 待发放 person, each once; a refusal (an overspend) stops the run and says who is already paid."""
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    try:
        report = relief_pay_all(campaign=campaign, actor=request.user, context=AuditContext.of(request))
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return htmx_redirect(request, _detail_url(campaign))
    if report.error:
        kept = f"本次已发放的 {report.paid} 人（{report.amount} 元）保持已发放，" if report.paid else ""
        messages.error(
            request,
            f"发放中止：{report.error}。{kept}其余人员仍为待发放，处理后可再次点击发放（不会重复发放）",
        )
    elif report.paid:
        messages.success(request, f"已发放 {report.paid} 人，共 {report.amount} 元")
    else:
        messages.info(request, "没有待发放的人员：名单中的人员均已发放")
    return htmx_redirect(request, _detail_url(campaign))


@sensitive_response
@require_POST
@console_view(CARE_VIEW)
def relief_bank_file(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """The bank's payment file of the campaign (full accounts: audited, never cached)."""
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    form = BankFileForm(request.POST, layouts=[(layout.key, layout.name) for layout in payment_layouts()])
    if not form.is_valid():
        messages.error(request, "请选择代发格式")
        return htmx_redirect(request, _detail_url(campaign))
    try:
        content, name = relief_bank_file_service(
            campaign=campaign,
            actor=request.user,
            layout=form.cleaned_data["layout"],
            context=AuditContext.of(request),
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return htmx_redirect(request, _detail_url(campaign))
    return xlsx_response(content, name)


@console_view(CARE_VIEW)
def relief_results(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """导入银行结果: the bank's answer file; imported again it changes nothing and pays nobody."""
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    if campaign.status not in (CampaignStatus.APPROVED, CampaignStatus.CLOSED):
        return _not_open(request, campaign, "导入银行结果")
    data = posted_data(request)
    form = UploadForm(data, request.FILES if data is not None else None)
    errors: list[str] = []
    if data is not None and form.is_valid():
        try:
            report = relief_results_import(
                campaign=campaign,
                actor=request.user,
                content=form.cleaned_data["file"].read(),
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                f"已导入银行结果：到账 {report.confirmed} 人，失败 {report.failed} 人，无变化 {report.unchanged} 人",
            )
            return htmx_redirect(request, _detail_url(campaign))
    context = {"form": form, "campaign": campaign, "errors": errors}
    return render(request, TEMPLATE + "results.html", context, status=422 if errors else 200)


@require_POST
@console_view(CARE_VIEW)
def relief_close(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = relief_for(request.user, campaign_id, demand=CARE_MANAGE)
    return button_perform(
        request,
        lambda: relief_close_service(campaign=campaign, actor=request.user),
        success="活动已结束",
        back=_detail_url(campaign),
    )


def _recipient_page(
    request: AuthedRequest,
    recipient: ReliefRecipient,
    *,
    perform: Any,
    success: str,
    title: str,
    intro: str,
    submit_label: str,
    confirm: str,
) -> HttpResponse:
    form = ReasonForm(posted_data(request))
    done = form_perform(request, form, perform, success=success, then=_detail_url(recipient.campaign))
    context = {
        "form": form,
        "campaign": recipient.campaign,
        "recipient": recipient,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "confirm": confirm,
        "danger": True,
    }
    return done or render(request, TEMPLATE + "reason.html", context)


@console_view(CARE_VIEW)
def relief_reverse(request: AuthedRequest, recipient_id: int) -> HttpResponse:
    """冲销 one person's payment (asked first, with a reason); needs the ledger's 管理 right on the fund's union."""
    recipient = recipient_for(request.user, recipient_id, demand=CARE_MANAGE)
    campaign = recipient.campaign
    if not may_pay(request.user, campaign):
        raise PermissionDenied
    if recipient.status not in PAID_STATUSES:
        return _not_open(
            request,
            campaign,
            f"冲销{recipient.member.name}的发放（当前为“{recipient.get_status_display()}”）",
        )
    again = (
        "冲销后该人员回到“待发放”，可再次发放（按新的发放次数支付，不会重复）。"
        if campaign.status == CampaignStatus.APPROVED
        else "活动已结束，冲销后该人员记为“已冲销”。"
    )
    return _recipient_page(
        request,
        recipient,
        perform=lambda data: relief_reverse_service(
            recipient=recipient, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
        ),
        success=f"已冲销 {recipient.member.name} 的发放",
        title=f"冲销发放：{recipient.member.name} {recipient.amount} 元",
        intro=f"将在资金发放台账写入一笔 -{recipient.amount} 元的冲销记录，金额退回预算科目。{again}",
        submit_label="确认冲销",
        confirm=f"确定冲销 {recipient.member.name} 的 {recipient.amount} 元吗？",
    )


@console_view(CARE_VIEW)
def relief_exclude(request: AuthedRequest, recipient_id: int) -> HttpResponse:
    """剔除 a person not yet paid (asked first, with a reason)."""
    recipient = recipient_for(request.user, recipient_id, demand=CARE_MANAGE)
    campaign = recipient.campaign
    if recipient.status != RecipientStatus.PENDING or campaign.status == CampaignStatus.CLOSED:
        return _not_open(
            request, campaign, f"剔除{recipient.member.name}（当前为“{recipient.get_status_display()}”）"
        )
    return _recipient_page(
        request,
        recipient,
        perform=lambda data: relief_recipient_exclude(
            recipient=recipient, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
        ),
        success=f"已剔除 {recipient.member.name}",
        title=f"剔除人员：{recipient.member.name}",
        intro="剔除后该人员不再发放，仍在名单中显示为“已剔除”及原因。",
        submit_label="确认剔除",
        confirm=f"确定剔除 {recipient.member.name} 吗？",
    )
