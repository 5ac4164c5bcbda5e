"""Console pages of 困难职工帮扶 — part `intake`: 代为录入 (a 帮扶干事 picks a member of its subtree and enters the
same application as the portal's; a member whose household already has a file is taken to it), 由诉求建档 (a POST
from the 诉求's desk page, or the invitation to apply for an anonymous one), the facts while 已申请 / 已退回补充,
and the 授权委托书 upload."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.appeals.models import VIEW as APPEALS_VIEW
from gonghui.appeals.models import Appeal
from gonghui.core.forms import button_perform, form_perform, posted_data

from ..choices import ENDED_STATUSES, Channel, FileStatus
from ..forms.intake import (
    ConsentForm,
    FactsForm,
    MemberPickForm,
    SelfForm,
    people_formset,
    route_application_error,
)
from ..models import HardshipFile
from ..permissions import MANAGE
from ..selectors.intake import (
    CANDIDATES_SHOWN,
    applicant_candidates,
    file_of_member,
    file_to_handle_or_404,
)
from ..services.intake import (
    EDITABLE_STATUSES,
    appeal_apply_invite,
    consent_attach,
    file_apply,
    file_from_appeal,
    file_resubmit,
    file_update_facts,
)


@console_view(MANAGE)
def file_create_view(request: AuthedRequest) -> HttpResponse:
    """代为录入. `?q=` searches the members of the unions the user handles; `?member=` picks one."""
    query = request.GET.get("q", "").strip()[:50]
    candidates = applicant_candidates(request.user)
    data = posted_data(request)
    pick = MemberPickForm(data, candidates=candidates, initial={"member": request.GET.get("member") or None})
    facts, own, people = FactsForm(data), SelfForm(data), people_formset(data)
    consent = ConsentForm(data, request.FILES if data is not None else None, required=False)
    errors: list[str] = []
    if data is not None:
        valid = [f.is_valid() for f in (pick, facts, own, people, consent)]
        member = pick.cleaned_data.get("member") if pick.is_valid() else None
        existing = file_of_member(member) if member is not None else None
        if existing is not None and existing.status not in ENDED_STATUSES:
            messages.info(request, f"{member}的家庭已有困难职工档案 {existing.number}，已为您打开")
            return redirect(existing.get_absolute_url())
        if all(valid) and member is not None:
            try:
                file = file_apply(
                    applicant=member,
                    actor=request.user,
                    facts=facts.facts(),
                    channel=Channel.UNION,
                    people=[own.person(member), *people.people()],
                    consent_upload=consent.cleaned_data["consent_upload"],
                )
            except ValidationError as exc:
                route_application_error(exc, facts=facts, consent=consent, errors=errors)
            else:
                messages.success(request, f"已录入困难职工帮扶申请，档案编号 {file.number}")
                return redirect(file.get_absolute_url())
        errors += people.row_errors()
    picked = str(pick["member"].value() or "")
    shown = list(applicant_candidates(request.user, query)[: CANDIDATES_SHOWN + 1]) if query else []
    more = len(shown) > CANDIDATES_SHOWN
    shown = shown[:CANDIDATES_SHOWN]
    if picked.isdigit() and all(str(m.pk) != picked for m in shown):
        shown = [*candidates.filter(pk=int(picked)), *shown]
    context = {
        "pick_form": pick,
        "facts_form": facts,
        "self_form": own,
        "people": people,
        "consent_form": consent,
        "people_errors": errors,
        "query": query,
        "candidates": shown,
        "more_candidates": more,
        "candidates_shown": CANDIDATES_SHOWN,
        "picked": picked,
        "querystring": request.GET.urlencode(),
    }
    return render(request, "welfare/intake/create.html", context, status=422 if data is not None else 200)


@console_view(MANAGE)
@require_POST
def from_appeal_view(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    """由诉求建档 (or, with `invite`, the invitation to the anonymous requester to apply on the portal)."""
    appeal = Appeal.objects.get_visible_or_404(request.user, APPEALS_VIEW, pk=appeal_id)
    back = reverse("appeals:appeal_detail", args=[appeal.public_id])
    if request.POST.get("invite"):
        return button_perform(
            request,
            lambda: appeal_apply_invite(appeal=appeal, actor=request.user),
            success="已通过站内消息邀请申请人在线申请困难职工帮扶（未公开其身份）",
            back=back,
        )

    def then(file: HardshipFile) -> str:
        if not file.cause_main:
            return reverse("welfare:edit", args=[file.pk])
        return file.get_absolute_url()

    return button_perform(
        request,
        lambda: file_from_appeal(appeal=appeal, actor=request.user),
        success=lambda file: (
            f"已由诉求 {appeal.number} 建立困难职工档案 {file.number}，请补充申请信息"
            if not file.cause_main
            else f"申请人家庭已有困难职工档案 {file.number}，已为您打开"
        ),
        back=back,
        then=then,
    )


@console_view(MANAGE)
def file_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """申请信息 while 已申请 or 已退回补充 (the people are edited on the file page's 家庭成员 card); a returned one may
    be resubmitted from here for the member (补充后重新提交)."""
    file = file_to_handle_or_404(request.user, pk)
    if file.status not in EDITABLE_STATUSES:
        messages.info(request, f"档案{file.get_status_display()}，申请信息不能再修改")
        return redirect(file.get_absolute_url())
    form = FactsForm.for_file(posted_data(request), file)
    resubmit = file.status == FileStatus.RETURNED and "resubmit" in request.POST
    done = form_perform(
        request,
        form,
        lambda _data: (
            file_resubmit(file=file, actor=request.user, facts=form.facts())
            if resubmit
            else file_update_facts(file=file, actor=request.user, facts=form.facts())
        ),
        success="已补充并重新提交" if resubmit else "已保存申请信息",
        then=file.get_absolute_url(),
    )
    return done or render(request, "welfare/intake/edit.html", {"file": file, "form": form})


@console_view(MANAGE)
def consent_upload_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """上传授权委托书 (replaces an earlier one; the old file stays attached to the file, unlisted)."""
    file = file_to_handle_or_404(request.user, pk)
    if file.status in ENDED_STATUSES or file.purged_at is not None:
        messages.info(request, f"档案{file.get_status_display()}，不能再上传授权委托书")
        return redirect(file.get_absolute_url())
    data = posted_data(request)
    form = ConsentForm(data, request.FILES if data is not None else None)
    done = form_perform(
        request,
        form,
        lambda cleaned: consent_attach(file=file, actor=request.user, upload=cleaned["consent_upload"]),
        success="已上传授权委托书",
        then=file.get_absolute_url(),
    )
    return done or render(request, "welfare/intake/consent.html", {"file": file, "form": form})
