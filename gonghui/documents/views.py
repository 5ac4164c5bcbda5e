"""公文 pages: 发文 (list, draft, review, sign-off, board, 催办, withdraw, print/PDF/docx), 发文设置 (代字, separation of
duties), 收件箱 (inbox, 签收, 转发) and 收文 (register, 拟办, 批办, 传阅, 办结, 转发下级). Thin: selectors read,
services write."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.accounts.workspace import current_org
from gonghui.attachments.selectors import attachments_of
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import file_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response
from gonghui.core.timeline import timeline_for

from . import incoming as incoming_part
from .addressing import phrase_orgs
from .choices import DocumentAction, DocumentStatus, IncomingStatus
from .forms import (
    AttachmentForm,
    DocumentForm,
    ForwardForm,
    IncomingForm,
    IncomingForwardForm,
    InstructForm,
    IssuerSettingsForm,
    ProposeForm,
    ReadForm,
    ReasonForm,
)
from .models import Document
from .output import document_context, document_docx, document_pdf
from .permissions import MANAGE, RECEIVE, REVIEW, SIGN, VIEW, holds_at
from .selectors import (
    board_for_user,
    board_summary,
    document_attachment,
    document_get_for_user,
    document_list_for_user,
    document_record_origin,
    forward_get_for_user,
    forwards_for_user,
    inbox_orgs,
    incoming_forward_documents,
    incoming_get_for_user,
    incoming_is_reader,
    incoming_list_for_user,
    incoming_reader_candidates,
    incoming_readers,
    issuer_settings_of,
    own_receipts,
    receipt_get_for_user,
    receipt_list_for_user,
)
from .services import (
    document_attach,
    document_attachment_remove,
    document_create,
    document_issue,
    document_remind,
    document_return,
    document_review,
    document_submit,
    document_update,
    document_withdraw,
    issuer_settings_save,
    receipt_forward,
    receipt_mark_read,
    receipt_sign,
)
from .workflows import (
    document_action_permitted,
    document_available_actions,
    document_duty_notes,
    document_may_remind,
    incoming_available_actions,
    receipt_available_actions,
)

STATE_LABELS = dict(DocumentStatus.choices)
INCOMING_STATE_LABELS = dict(IncomingStatus.choices)


def _detail(document: Document) -> str:
    return reverse("documents:document_detail", args=[document.public_id])


def _issuing_org(request: AuthedRequest) -> Any:
    """The union documents are drafted for: the console's current org, where the user must hold MANAGE."""
    org = current_org(request)
    if org is None or not has_action(request.user, MANAGE, org):
        raise PermissionDenied
    return org


# --- 发文 --------------------------------------------------------------------------------------------------


@console_view(VIEW)
def document_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    if status not in DocumentStatus.values:
        status = ""
    page = paginate(request, document_list_for_user(user=request.user, query=query, status=status))
    org = current_org(request)
    context = {
        "page": page,
        "query": query,
        "status": status,
        "statuses": DocumentStatus.choices,
        "querystring": query_without_page(request),
        "can_draft": org is not None and has_action(request.user, MANAGE, org),
        "can_configure": org is not None and has_action(request.user, SIGN, org),
    }
    template = (
        "documents/partials/document_table.html" if htmx_partial(request) else "documents/document_list.html"
    )
    return render(request, template, context)


@console_view(MANAGE)
def document_create_view(request: AuthedRequest) -> HttpResponse:
    org = _issuing_org(request)
    series = issuer_settings_of(org).series
    form = DocumentForm(posted_data(request), initial={"series": series})
    done = form_perform(
        request,
        form,
        lambda data: document_create(org=org, actor=request.user, **data),
        success="已保存草稿",
        then=_detail,
    )
    if done is not None:
        return done
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "org": org,
            "document": None,
            "series_missing": not series,
            "can_configure": has_action(request.user, SIGN, org),
        },
    )


@console_view(SIGN)
def issuer_settings_view(request: AuthedRequest) -> HttpResponse:
    """发文设置 of the console's current union, for those who may 签发 for it."""
    org = current_org(request)
    if org is None or not has_action(request.user, SIGN, org):
        raise PermissionDenied
    current = issuer_settings_of(org)
    form = IssuerSettingsForm(
        posted_data(request),
        initial={"series": current.series, "separate_duties": current.separate_duties},
    )
    done = form_perform(
        request,
        form,
        lambda data: issuer_settings_save(
            org=org, actor=request.user, context=AuditContext.of(request), **data
        ),
        success="已保存发文设置",
        # The first save is a new union's first step: back to the home page and its first-steps card.
        then=reverse("documents:issuer_settings") if current.pk is not None else reverse("home"),
    )
    if done is not None:
        return done
    return render(
        request, "documents/issuer_settings.html", {"form": form, "org": org, "saved": current.pk is not None}
    )


@console_view(MANAGE)
def document_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    initial = {key: getattr(document, key) for key in DocumentForm.base_fields}
    form = DocumentForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: document_update(document=document, actor=request.user, **data),
        success="已保存修改",
        then=_detail(document),
    )
    if done is not None:
        return done
    editable = DocumentAction.EDIT in document_available_actions(document, request.user)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "org": document.org, "document": document, "editable": editable},
    )


@console_view(VIEW)
def document_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    mine = own_receipts(user=request.user, document=document)
    if document.status == DocumentStatus.ISSUED and receipt_mark_read(receipts=mine, actor=request.user):
        mine = own_receipts(user=request.user, document=document)
    is_sender = has_action(request.user, VIEW, document.org)
    rows = board_for_user(user=request.user, document=document) if is_sender else None
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            **document_context(document),
            "actions": document_available_actions(document, request.user),
            "duty_notes": document_duty_notes(document, request.user),
            "is_sender": is_sender,
            "summary": board_summary(rows) if rows is not None else None,
            "forwards": forwards_for_user(user=request.user, document=document),
            "own_receipts": [(r, receipt_available_actions(r, request.user)) for r in mine],
            "files": attachments_of(document),
            "record_origin": document_record_origin(document) if is_sender else None,
            # the handling record is the issuer's: recipients do not read each other's 签收 and 转发 notes
            "timeline": timeline_for(document) if is_sender else None,
            "state_labels": STATE_LABELS,
        },
    )


def _transition(request: AuthedRequest, public_id: str, func: Any, done: str, **kwargs: Any) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    return button_perform(
        request,
        lambda: func(document=document, actor=request.user, **kwargs),
        success=done,
        back=_detail(document),
    )


@require_POST
@console_view(MANAGE)
def document_submit_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _transition(request, public_id, document_submit, "已送核稿")


@require_POST
@console_view(REVIEW)
def document_review_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _transition(
        request, public_id, document_review, "核稿通过，等待签发", note=request.POST.get("note", "")
    )


@require_POST
@console_view(SIGN)
def document_issue_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    return button_perform(
        request,
        lambda: document_issue(document=document, actor=request.user),
        success=lambda issued: (
            f"已签发，文号 {issued.document_number}，已送达 {issued.receipts.count()} 个单位"
        ),
        back=_detail(document),
    )


def _reason_page(
    request: AuthedRequest, public_id: str, *, action: str, func: Any, title: str, button: str, done: str
) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    if not document_action_permitted(document, request.user, action):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    performed = form_perform(
        request,
        form,
        lambda data: func(document=document, actor=request.user, reason=data["reason"]),
        success=done,
        then=_detail(document),
    )
    if performed is not None:
        return performed
    return render(
        request,
        "documents/document_reason.html",
        {
            "document": document,
            "form": form,
            "title": title,
            "button": button,
            "allowed": action in document_available_actions(document, request.user),
        },
    )


@console_view(VIEW)
def document_return_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _reason_page(
        request, public_id, action=DocumentAction.RETURN, func=document_return,
        title="退回修改", button="确认退回", done="已退回拟稿人修改",
    )  # fmt: skip


@console_view(MANAGE)
def document_withdraw_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _reason_page(
        request, public_id, action=DocumentAction.WITHDRAW, func=document_withdraw,
        title="撤回公文", button="确认撤回", done="已撤回，文号保留不再使用",
    )  # fmt: skip


@require_POST
@console_view(MANAGE)
def document_attach_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = AttachmentForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: document_attach(document=document, actor=request.user, upload=form.cleaned_data["file"]),
        success="已上传附件",
        back=_detail(document),
        form=form,
        error_prefix="附件：",
    )


@require_POST
@console_view(MANAGE)
def document_attachment_remove_view(
    request: AuthedRequest, public_id: str, attachment_id: str
) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    attachment = document_attachment(document=document, public_id=attachment_id)
    return button_perform(
        request,
        lambda: document_attachment_remove(document=document, actor=request.user, attachment=attachment),
        success="已删除附件",
        back=_detail(document),
    )


@console_view(MANAGE)
def targets_preview(request: AuthedRequest) -> HttpResponse:
    """The orgs a 主送/抄送 phrase reaches from the current union, shown under the field while typing."""
    org = current_org(request)
    phrase = request.GET.get("main_to") or request.GET.get("cc_to") or request.GET.get("targets_text") or ""
    error, orgs = "", []
    if org is not None and has_action(request.user, MANAGE, org) and phrase.strip():
        try:
            orgs = list(phrase_orgs(phrase[:500], issuer=org))
        except ValidationError as exc:
            error = validation_error_text(exc)
    return render(request, "documents/partials/targets_preview.html", {"orgs": orgs, "error": error})


def _forward_param(request: AuthedRequest, document: Document) -> Any:
    forward_id = request.GET.get("forward") or request.POST.get("forward") or ""
    return (
        forward_get_for_user(user=request.user, document=document, public_id=forward_id)
        if forward_id
        else None
    )


@console_view(VIEW)
def document_board(request: AuthedRequest, public_id: str) -> HttpResponse:
    """签收情况: per recipient org of the issuer's deliveries, or of one forward (?forward=)."""
    document = document_get_for_user(user=request.user, public_id=public_id)
    forward = _forward_param(request, document)
    rows = board_for_user(user=request.user, document=document, forward=forward)
    context = {
        "document": document,
        "forward": forward,
        "rows": rows,
        "summary": board_summary(rows),
        "can_remind": document_may_remind(document, request.user, forward),
    }
    template = (
        "documents/partials/board_table.html" if htmx_partial(request) else "documents/document_board.html"
    )
    return render(request, template, context)


@require_POST
@console_view(VIEW)
def document_remind_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    forward = _forward_param(request, document)
    url = reverse("documents:document_board", args=[document.public_id])
    return button_perform(
        request,
        lambda: document_remind(document=document, actor=request.user, forward=forward),
        success=lambda count: f"已向 {count} 个未签收单位发送催办提醒",
        back=url + (f"?forward={forward.public_id}" if forward else ""),
    )


@console_view(VIEW)
def document_print(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    return render(request, "documents/document_print.html", document_context(document))


@console_view(VIEW)
def document_pdf_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    return pdf_response(document_pdf(document=document), f"{document.document_number or document.title}.pdf")


@console_view(VIEW)
def document_docx_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, public_id=public_id)
    return file_response(
        document_docx(document=document),
        f"{document.document_number or document.title}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


# --- 收件箱 ------------------------------------------------------------------------------------------------


@console_view(VIEW)
def inbox(request: AuthedRequest) -> HttpResponse:
    """The deliveries of one of the user's own unions (the console's current org when it is one of them)."""
    orgs = inbox_orgs(request.user)
    here = current_org(request)
    wanted = request.GET.get("org", "")
    org = next((o for o in orgs if o.code == wanted), None) or next(
        (o for o in orgs if here is not None and o.pk == here.pk), orgs[0] if orgs else None
    )
    query = request.GET.get("q", "").strip()[:50]
    state = request.GET.get("state", "")
    if state not in ("unread", "unsigned", "signed"):
        state = ""
    page = paginate(request, receipt_list_for_user(user=request.user, org=org, query=query, state=state))
    context = {
        "page": page,
        "org": org,
        "orgs": orgs,
        "query": query,
        "state": state,
        "querystring": query_without_page(request),
        "unread": receipt_list_for_user(user=request.user, org=org, state="unread").count(),
        "unsigned": receipt_list_for_user(user=request.user, org=org, state="unsigned").count(),
    }
    template = "documents/partials/inbox_table.html" if htmx_partial(request) else "documents/inbox.html"
    return render(request, template, context)


@require_POST
@console_view(RECEIVE)
def receipt_sign_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    receipt = receipt_get_for_user(user=request.user, public_id=public_id)
    return button_perform(
        request,
        lambda: receipt_sign(receipt=receipt, actor=request.user),
        success=f"{receipt.org.name}已签收",
        back=_detail(receipt.document),
    )


@console_view(RECEIVE)
def receipt_forward_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    receipt = receipt_get_for_user(user=request.user, public_id=public_id)
    if not holds_at(request.user, RECEIVE, receipt.org):
        raise PermissionDenied
    form = ForwardForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: receipt_forward(receipt=receipt, actor=request.user, **data),
        success=lambda forward: f"已转发至 {forward.receipts.count()} 个单位",
        then=_detail(receipt.document),
    )
    if done is not None:
        return done
    return render(
        request,
        "documents/receipt_forward.html",
        {"receipt": receipt, "document": receipt.document, "form": form},
    )


# --- 收文 --------------------------------------------------------------------------------------------------


@console_view(VIEW)
def incoming_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    if status not in IncomingStatus.values:
        status = ""
    page = paginate(request, incoming_list_for_user(user=request.user, query=query, status=status))
    org = current_org(request)
    return render(
        request,
        "documents/incoming/incoming_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": IncomingStatus.choices,
            "querystring": query_without_page(request),
            "can_register": org is not None and has_action(request.user, MANAGE, org),
        },
    )


@console_view(MANAGE)
def incoming_create(request: AuthedRequest) -> HttpResponse:
    org = _issuing_org(request)
    data = posted_data(request)
    form = IncomingForm(
        data, request.FILES if data is not None else None, initial={"received_on": timezone.localdate()}
    )
    done = form_perform(
        request,
        form,
        lambda data: incoming_part.incoming_register(org=org, actor=request.user, **data),
        success="已登记收文",
        then=lambda incoming: incoming.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "documents/incoming/incoming_form.html", {"form": form, "org": org})


@console_view(VIEW)
def incoming_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id)
    actions = incoming_available_actions(incoming, request.user)
    readers = incoming_readers(incoming)
    my_reading = next((r for r in readers if r.user_id == request.user.pk and r.read_at is None), None)
    return render(
        request,
        "documents/incoming/incoming_detail.html",
        {
            "incoming": incoming,
            "actions": actions,
            "readers": readers,
            "my_reading": my_reading,
            "attachments": attachments_of(incoming),
            "propose_form": ProposeForm(),
            "instruct_form": InstructForm(readers=incoming_reader_candidates(incoming)),
            "read_form": ReadForm(),
            "forward_form": IncomingForwardForm(initial={"series": issuer_settings_of(incoming.org).series}),
            "forward_documents": incoming_forward_documents(incoming),
            "timeline": timeline_for(incoming),
            "state_labels": INCOMING_STATE_LABELS,
        },
    )


@require_POST
@console_view(MANAGE)
def incoming_propose_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ProposeForm(request.POST)
    return button_perform(
        request,
        lambda: incoming_part.incoming_propose(
            incoming=incoming, actor=request.user, proposal=form.cleaned_data["proposal"]
        ),
        success="已拟办，等待批办",
        back=incoming.get_absolute_url(),
        form=form,
        error_prefix="拟办意见：",
    )


@require_POST
@console_view(SIGN)
def incoming_instruct_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id, action=SIGN)
    form = InstructForm(request.POST, readers=incoming_reader_candidates(incoming))
    return button_perform(
        request,
        lambda: incoming_part.incoming_instruct(
            incoming=incoming,
            actor=request.user,
            instruction=form.cleaned_data["instruction"],
            readers=list(form.cleaned_data["readers"]),
        ),
        success="已批办，已通知传阅人",
        back=incoming.get_absolute_url(),
        form=form,
        error_prefix="批办：",
    )


@require_POST
@console_view(VIEW)
def incoming_read_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id)
    if not incoming_is_reader(incoming, request.user):
        raise PermissionDenied
    form = ReadForm(request.POST)
    return button_perform(
        request,
        lambda: incoming_part.incoming_mark_read(
            incoming=incoming, actor=request.user, note=form.cleaned_data["note"]
        ),
        success="已阅毕",
        back=incoming.get_absolute_url(),
        form=form,
    )


@require_POST
@console_view(MANAGE)
def incoming_close_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: incoming_part.incoming_close(incoming=incoming, actor=request.user),
        success="已办结",
        back=incoming.get_absolute_url(),
    )


@require_POST
@console_view(MANAGE)
def incoming_forward_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    incoming = incoming_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = IncomingForwardForm(request.POST)
    return button_perform(
        request,
        lambda: incoming_part.incoming_forward(incoming=incoming, actor=request.user, **form.cleaned_data),
        success="已生成转发通知草稿，请核对后送核稿",
        back=incoming.get_absolute_url(),
        then=_detail,
        form=form,
        error_prefix="转发下级：",
    )
