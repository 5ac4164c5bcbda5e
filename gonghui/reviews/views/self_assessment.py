"""自评 pages of a 自评+考评 round, for the entrant union's cadre (`reviews.manage` on the entry's union): the
entries waiting for the union's own assessment (`selectors.entries_to_self_assess`), and the self sheet of one entry
— points and a comment per criterion, 保存 as a draft, 提交 with confirmation (then read-only until the organiser
退回), and the evidence (佐证材料) uploaded beside it and removed while the sheet is editable."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.forms import button_perform, form_error_text, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.timeline import timeline_for

from ..choices import RoundStatus
from ..forms import EvidenceForm, ScoreSheetForm
from ..models import ReviewEntry, ScoreSheet
from ..permissions import MANAGE
from ..selectors import (
    entries_to_self_assess,
    self_assessed_entry,
    self_sheet_of,
    self_sheets_by_entry,
    template_criteria,
)
from ..services import self_sheet_evidence_add, self_sheet_evidence_delete, self_sheet_save, self_sheet_submit
from .judging import SHEET_BADGES


def _my_entry(request: AuthedRequest, entry_id: int) -> ReviewEntry:
    """An entry of an open or closed 自评+考评 round whose union the user manages (editable only while the round
    is open); anything else is 404."""
    entry = self_assessed_entry(request.user, entry_id)
    if entry is None:
        raise Http404
    return entry


@console_view(MANAGE)
def self_list(request: AuthedRequest) -> HttpResponse:
    entries = list(entries_to_self_assess(request.user))
    sheets = self_sheets_by_entry(entries)
    rows = [(entry, sheets.get(entry.pk)) for entry in entries]
    return render(request, "reviews/self_list.html", {"rows": rows, "badges": SHEET_BADGES})


@console_view(MANAGE)
def self_sheet(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = _my_entry(request, entry_id)
    sheet = self_sheet_of(entry)
    criteria = list(template_criteria(entry.round.template_id))
    scores = list(sheet.scores.all()) if sheet else []
    editable = entry.round.status == RoundStatus.OPEN and (sheet is None or sheet.is_editable)
    url = reverse("reviews:self_sheet", args=[entry.pk])
    if request.method == "POST" and not editable:
        messages.error(request, "自评表已提交，不能再修改")
        return htmx_redirect(request, url)
    form = ScoreSheetForm(posted_data(request), criteria=criteria, scores=scores)
    submitting = request.POST.get("step") == "submit"

    def perform(_data: dict[str, Any]) -> ScoreSheet:
        saved = self_sheet_save(entry=entry, scores=form.entered(), actor=request.user)
        return self_sheet_submit(sheet=saved, actor=request.user) if submitting else saved

    done = form_perform(
        request,
        form,
        perform,
        success="自评表已提交" if submitting else "自评已保存（未提交）",
        then=url,
    )
    if done:
        return done
    context = {
        "entry": entry,
        "review_round": entry.round,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "criteria": criteria,
        "scores": {score.criterion_id: score for score in scores},
        "evidence": attachments_of(sheet) if sheet else [],
        "evidence_form": EvidenceForm(),
        "badges": SHEET_BADGES,
        "timeline": timeline_for(sheet) if sheet else [],
    }
    return render(request, "reviews/self_sheet.html", context, status=422 if form.errors else 200)


@require_POST
@console_view(MANAGE)
def self_evidence_add(request: AuthedRequest, entry_id: int) -> HttpResponse:
    """Upload 佐证材料 to the entry's self sheet (made on the first upload); each file checked by the service."""
    entry = _my_entry(request, entry_id)
    form = EvidenceForm(request.POST, request.FILES)
    back = reverse("reviews:self_sheet", args=[entry.pk])
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return htmx_redirect(request, back)

    def perform() -> int:
        sheet = self_sheet_of(entry) or self_sheet_save(entry=entry, scores={}, actor=request.user)
        for upload in form.cleaned_data["evidence"]:
            self_sheet_evidence_add(sheet=sheet, upload=upload, actor=request.user)
        return len(form.cleaned_data["evidence"])

    return button_perform(request, perform, success=lambda n: f"已上传 {n} 个佐证材料", back=back)


@require_POST
@console_view(MANAGE)
def self_evidence_delete(request: AuthedRequest, entry_id: int, public_id: Any) -> HttpResponse:
    entry = _my_entry(request, entry_id)
    sheet = self_sheet_of(entry)
    attachment: Attachment | None = (
        attachments_of(sheet).filter(public_id=public_id).first() if sheet else None
    )
    if sheet is None or attachment is None:
        raise Http404
    return button_perform(
        request,
        lambda: self_sheet_evidence_delete(sheet=sheet, attachment=attachment, actor=request.user),
        success=f"已删除佐证材料「{attachment.original_name}」",
        back=reverse("reviews:self_sheet", args=[entry.pk]),
    )
