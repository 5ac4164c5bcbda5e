"""Console pages of correction requests (信息更正): the list, the detail, approve and reject."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import (
    CorrectionAction,
    CorrectionStatus,
)
from ..forms.transfers import ReasonForm
from ..permissions import MANAGE, VIEW
from ..selectors.corrections import (
    CORRECTABLE_FIELDS,
    correction_changes_display,
    correction_get_for_user,
    correction_list_for_user,
)
from ..services.corrections import CORRECTION_WORKFLOW, correction_request_approve, correction_request_reject

CORRECTION_STATE_LABELS = dict(CorrectionStatus.choices)


@console_view(VIEW)
def correction_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in CorrectionStatus.values:
        status = ""
    page = paginate(request, correction_list_for_user(user=request.user, status=status))
    return render(
        request,
        "members/corrections/correction_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "querystring": query_without_page(request),
            "labels": CORRECTABLE_FIELDS,
        },
    )


@console_view(VIEW)
def correction_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/corrections/correction_detail.html",
        {
            "correction": correction,
            "changes": correction_changes_display(correction),
            "timeline": timeline_for(correction),
            "state_labels": CORRECTION_STATE_LABELS,
            "can_approve": CORRECTION_WORKFLOW.can(correction, CorrectionAction.APPROVE, request.user),
            "can_reject": CORRECTION_WORKFLOW.can(correction, CorrectionAction.REJECT, request.user),
        },
    )


@require_POST
@console_view(MANAGE)
def correction_approve_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: correction_request_approve(correction=correction, actor=request.user),
        success="已同意更正，会员信息已更新",
        back=reverse("members:correction_detail", args=[correction.public_id]),
    )


@console_view(MANAGE)
def correction_reject_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: correction_request_reject(
            correction=correction, actor=request.user, reason=data["reason"]
        ),
        success="已填写不同意意见",
        then=reverse("members:correction_detail", args=[correction.public_id]),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/corrections/correction_reject.html",
        {"correction": correction, "form": form, "changes": correction_changes_display(correction)},
    )
