"""评分表模板 pages: the list (pagination, empty state), a template's criteria, and a new template from a table of
criteria rows (评分项, 满分, 权重, 否决项, 须填写评语, 顺序 — a formset; errors name the row), and 修改 while no
round using it has started. A template in use is never changed: 复制为新模板 opens the form filled with its rows."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import apply_validation_error
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate
from gonghui.orgs.models import Org

from ..forms import CriterionFormSet, TemplateForm, TemplateNameForm, criterion_rows
from ..models import ScoreSheetTemplate
from ..permissions import MANAGE, VIEW, can_manage_reviews
from ..selectors import template_criteria
from ..services import CriterionInput, template_create, template_is_editable, template_update


@console_view(VIEW)
def template_list(request: AuthedRequest) -> HttpResponse:
    templates = ScoreSheetTemplate.objects.visible_to(request.user, VIEW)
    context = {
        "page": paginate(request, templates),
        "can_create": Org.objects.visible_to(request.user, MANAGE).exists(),
    }
    return render(request, "reviews/template_list.html", context)


@console_view(VIEW)
def template_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    template = ScoreSheetTemplate.objects.get_visible_or_404(request.user, VIEW, pk=pk)
    criteria = list(template_criteria(template.pk))
    context = {
        "template": template,
        "criteria": criteria,
        "max_total": sum((c.max_points * c.weight for c in criteria if not c.is_veto), Decimal(0)),
        "rounds": template.rounds.all(),
        "can_copy": can_manage_reviews(request.user, template.org),
        "can_edit": can_manage_reviews(request.user, template.org) and template_is_editable(template),
    }
    return render(request, "reviews/template_detail.html", context)


def _template_rows(template: ScoreSheetTemplate) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "max_points": c.max_points.normalize() if not c.is_veto else None,
            "weight": c.weight.normalize(),
            "is_veto": c.is_veto,
            "comment_required": c.comment_required,
            "order": c.order,
        }
        for c in template_criteria(template.pk)
    ]


def _copied_rows(request: AuthedRequest) -> tuple[str, list[dict[str, Any]]]:
    """The name and criteria of the template named by ?copy= (one the user may see), for 复制为新模板."""
    source = request.GET.get("copy", "")
    if not source.isdigit():
        return "", []
    template = ScoreSheetTemplate.objects.get_visible_or_404(request.user, VIEW, pk=int(source))
    return f"{template.name}（副本）", _template_rows(template)


def _criterion_inputs(formset: Any) -> list[CriterionInput]:
    return [
        CriterionInput(
            name=row["name"],
            max_points=row.get("max_points") or Decimal(0),
            weight=row["weight"],
            is_veto=row.get("is_veto", False),
            comment_required=row.get("comment_required", False),
        )
        for row in criterion_rows(formset)
    ]


@console_view(MANAGE)
def template_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = Org.objects.visible_to(request.user, MANAGE).filter(status="active").order_by("path")
    if request.method == "POST":
        form = TemplateForm(request.POST, orgs=orgs)
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            try:
                template = template_create(
                    org=form.cleaned_data["org"],
                    name=form.cleaned_data["name"],
                    criteria=_criterion_inputs(formset),
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"评分表模板「{template.name}」已保存")
                return htmx_redirect(request, reverse("reviews:template_detail", args=[template.pk]))
    else:
        name, rows = _copied_rows(request)
        form = TemplateForm(initial={"name": name, "org": orgs.first()}, orgs=orgs)
        formset = CriterionFormSet(prefix="criteria", initial=rows or None)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "heading": "新建评分表模板"}
    return render(request, "reviews/template_form.html", context, status=status)


@console_view(VIEW)
def template_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改 a template while no round using it has started (then its detail page says 复制为新模板); the
    template's union's organiser only (else 403)."""
    template = ScoreSheetTemplate.objects.get_visible_or_404(request.user, VIEW, pk=pk)
    if not can_manage_reviews(request.user, template.org):
        raise PermissionDenied
    detail = reverse("reviews:template_detail", args=[template.pk])
    if not template_is_editable(template):
        messages.error(request, "该模板已用于已开始的评审，不能再修改；如需调整请“复制为新模板”")
        return redirect(detail)
    if request.method == "POST":
        form = TemplateNameForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            try:
                template_update(
                    template=template,
                    name=form.cleaned_data["name"],
                    criteria=_criterion_inputs(formset),
                    actor=request.user,
                    context=AuditContext.of(request),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"评分表模板「{form.cleaned_data['name']}」已修改")
                return htmx_redirect(request, detail)
    else:
        form = TemplateNameForm(initial={"name": template.name})
        formset = CriterionFormSet(prefix="criteria", initial=_template_rows(template))
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "formset": formset,
        "heading": f"修改评分表模板：{template.name}",
        "template": template,
    }
    return render(request, "reviews/template_form.html", context, status=status)
