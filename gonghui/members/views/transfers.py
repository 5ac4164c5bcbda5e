"""Console pages of transfers (转会) from either side: the list (with 办理转会 for a member of one's own unions), the
detail, the steps, and the 组织关系介绍信. Portal: the member finds the target union with the union search (name,
short name, 别名, pinyin, initials; works without JavaScript), confirms it and submits."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response
from gonghui.core.timeline import timeline_for
from gonghui.orgs.selectors import union_for_code, union_search

from ..choices import (
    MemberStatus,
    TransferAction,
    TransferStatus,
)
from ..decorators import portal_view
from ..forms.transfers import ReasonForm, TransferForm, TransferTargetForm
from ..models import Member, Transfer
from ..permissions import MANAGE, VIEW
from ..selectors.registry import member_get_for_user, member_list_for_user
from ..selectors.transfers import TARGET_LEVELS, transfer_get_for_user, transfer_list_for_user
from ..services.transfers import (
    transfer_action_permitted,
    transfer_approve_in,
    transfer_approve_out,
    transfer_available_actions,
    transfer_cancel,
    transfer_letter_pdf,
    transfer_reject,
    transfer_request,
)

TRANSFER_STATE_LABELS = dict(TransferStatus.choices)


@console_view(VIEW)
def transfer_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in TransferStatus.values:
        status = ""
    direction = request.GET.get("direction", "")
    if direction not in ("in", "out"):
        direction = ""
    page = paginate(request, transfer_list_for_user(user=request.user, status=status, direction=direction))
    # 办理转会: find an active member of one's own unions by name, phone or ID suffix
    member_query = request.GET.get("member_q", "").strip()[:50]
    candidates = (
        list(
            member_list_for_user(
                user=request.user, query=member_query, status=MemberStatus.ACTIVE, action=MANAGE
            )[:10]
        )
        if member_query
        else []
    )
    return render(
        request,
        "members/transfers/transfer_list.html",
        {
            "page": page,
            "status": status,
            "direction": direction,
            "statuses": TransferStatus.choices,
            "querystring": query_without_page(request),
            "member_query": member_query,
            "candidates": candidates,
        },
    )


@console_view(MANAGE)
def transfer_create(request: AuthedRequest, member_public_id: str) -> HttpResponse:
    """The old union starts a transfer for one of its members."""
    member = member_get_for_user(user=request.user, public_id=member_public_id, action=MANAGE)
    form = TransferForm(posted_data(request), exclude_org=member.org)
    done = form_perform(
        request,
        form,
        lambda data: transfer_request(
            member=member,
            actor=request.user,
            to_org=data["to_org"],
            to_org_outside=data["to_org_outside"],
            reason=data["reason"],
        ),
        success="已提交转会申请",
        then=lambda transfer: reverse("members:transfer_detail", args=[transfer.public_id]),
    )
    if done is not None:
        return done
    return render(request, "members/transfers/transfer_form.html", {"member": member, "form": form})


@console_view(VIEW)
def transfer_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/transfers/transfer_detail.html",
        {
            "transfer": transfer,
            "timeline": timeline_for(transfer),
            "state_labels": TRANSFER_STATE_LABELS,
            "actions": transfer_available_actions(transfer, request.user),
        },
    )


def _transfer_url(transfer: Transfer) -> str:
    return reverse("members:transfer_detail", args=[transfer.public_id])


@require_POST
@console_view(MANAGE)
def transfer_approve_out_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, action=MANAGE, side="from")
    return button_perform(
        request,
        lambda: transfer_approve_out(transfer=transfer, actor=request.user),
        success=lambda done: (
            f"已同意转出，介绍信编号 {done.letter_number}"
            if done.status == TransferStatus.COMPLETED
            else "已同意转出，等待转入方审批"
        ),
        back=_transfer_url(transfer),
    )


@console_view(VIEW)
def transfer_approve_in_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    """GET: the confirmation page (for whoever may approve it on the receiving side); POST: 转入方同意."""
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    if not transfer_action_permitted(transfer, request.user, TransferAction.APPROVE_IN):
        raise PermissionDenied
    if request.method == "POST":
        return button_perform(
            request,
            lambda: transfer_approve_in(transfer=transfer, actor=request.user),
            success=f"已同意转入，{transfer.member.name} 的会籍已转至 {transfer.to_org}",
            back=_transfer_url(transfer),
        )
    return render(
        request,
        "members/transfers/transfer_confirm.html",
        {
            "transfer": transfer,
            "allowed": TransferAction.APPROVE_IN in transfer_available_actions(transfer, request.user),
        },
    )


@console_view(VIEW)
def transfer_reject_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    if not transfer_action_permitted(transfer, request.user, TransferAction.REJECT):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: transfer_reject(transfer=transfer, actor=request.user, reason=data["reason"]),
        success="已填写不同意意见",
        then=_transfer_url(transfer),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/transfers/transfer_reject.html",
        {
            "transfer": transfer,
            "form": form,
            "allowed": TransferAction.REJECT in transfer_available_actions(transfer, request.user),
        },
    )


@require_POST
@console_view(MANAGE)
def transfer_cancel_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, action=MANAGE, side="from")
    return button_perform(
        request,
        lambda: transfer_cancel(transfer=transfer, actor=request.user),
        success="已撤销转会",
        back=_transfer_url(transfer),
    )


@console_view(VIEW)
def transfer_letter(request: AuthedRequest, public_id: str) -> HttpResponse:
    """组织关系介绍信 (PDF) of a completed transfer to a union outside the platform; printed by the old union."""
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, side="from")
    if not transfer.letter_number:
        messages.error(request, "该转会没有组织关系介绍信")
        return redirect("members:transfer_detail", public_id=transfer.public_id)
    pdf = transfer_letter_pdf(transfer=transfer)
    return pdf_response(pdf, f"组织关系介绍信-{transfer.member.name}.pdf")


@portal_view
def transfer_mine_target(request: AuthedRequest) -> HttpResponse:
    """转会 from the portal: GET `q` lists the unions found (grassroots first, county unions last; never the
    member's own); GET/POST `org` asks "您申请转入：…，是否确认？" with the reason, and submits."""
    member: Member = request.member  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()[:50]
    target = union_for_code(request.POST.get("org", "") or request.GET.get("org", ""), levels=TARGET_LEVELS)
    if target is not None and target.pk == member.org_id:
        target = None
    context = {"member": member, "query": query, "tab": "services"}
    if target is None:
        results = union_search(query=query, levels=TARGET_LEVELS, exclude_pk=member.org_id)
        return render(request, "members/transfers/mine_target.html", {**context, "results": results})
    form = TransferTargetForm(posted_data(request), initial={"org": target.code})
    done = form_perform(
        request,
        form,
        lambda data: transfer_request(
            member=member, actor=request.user, to_org=target, to_org_outside="", reason=data["reason"]
        ),
        success="转会申请已提交，请等待工会审批",
        then=reverse("members:transfer_mine"),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/transfers/mine_confirm.html",
        {**context, "target": target, "form": form, "is_pool": target.level == "county"},
    )
