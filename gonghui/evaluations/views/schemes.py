"""Pages of 评价方案 (part `schemes`): the list (filters, search, pagination; 新建 for managers), a new scheme and
its edit form, one scheme's tree (dimensions, indicators with their source, rule in Chinese, 必备项, 考核方式; totals;
timeline; xlsx export) with the draft's editing buttons, the dimension and indicator forms, moving and deleting
them, publishing (with its checks and the total), copying to a new year or version, retiring, and the catalogue of
registered indicator sources an evaluator chooses automatic indicators from."""

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page

from ..choices import DEFAULT_GRADE_BANDS, DEFAULT_VETO_GRADE, SchemeStatus
from ..forms.schemes import (
    CopyForm,
    DimensionForm,
    ImportForm,
    IndicatorForm,
    SchemeFilterForm,
    SchemeForm,
    bands_text,
    indicator_initial,
)
from ..models import Dimension, EvaluationScheme, Indicator
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.schemes import (
    SchemeFilters,
    dimension_get_or_404,
    indicator_get_or_404,
    orgs_user_may_manage,
    publish_problems,
    scheme_dimensions,
    scheme_get_visible_or_404,
    scheme_list_for_user,
    scheme_timeline,
    scheme_tree,
    scheme_years,
    source_catalogue,
    source_kind_label,
    source_sections,
)
from ..services.schemes import (
    dimension_delete,
    dimension_move,
    dimension_save,
    indicator_delete,
    indicator_move,
    indicator_save,
    scheme_copy,
    scheme_create,
    scheme_import,
    scheme_publish,
    scheme_retire,
    scheme_update,
)


def _filters(data: Any) -> SchemeFilters:
    form = SchemeFilterForm(data)
    if not form.is_valid():
        return SchemeFilters()
    cleaned = form.cleaned_data
    return SchemeFilters(query=cleaned["q"].strip(), status=cleaned["status"], year=cleaned["year"])


@console_view(VIEW)
def scheme_list(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = paginate(request, scheme_list_for_user(request.user, filters))
    context = {
        "page": page,
        "schemes": list(page.object_list),
        "filters": filters,
        "statuses": SchemeStatus.choices,
        "years": scheme_years(request.user),
        "filtered": bool(filters.query or filters.status or filters.year),
        "querystring": query_without_page(request),
        "can_create": has_action_anywhere(request.user, MANAGE),
    }
    return render(request, "evaluations/schemes/scheme_list.html", context)


def _scheme_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "year": data["year"],
        "description": data["description"],
        "grade_bands": data["grade_bands"],
        "veto_grade": data["veto_grade"],
    }


def _detail(scheme: EvaluationScheme) -> str:
    return reverse("evaluations:scheme_detail", args=[scheme.public_id])


@console_view(MANAGE)
def scheme_create_view(request: AuthedRequest) -> HttpResponse:
    initial = {
        "grade_bands": bands_text([list(b) for b in DEFAULT_GRADE_BANDS]),
        "veto_grade": DEFAULT_VETO_GRADE,
    }
    form = SchemeForm(posted_data(request), orgs=orgs_user_may_manage(request.user), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: scheme_create(org=data["org"], actor=request.user, **_scheme_fields(data)),
        success=lambda scheme: f"已新建评价方案“{scheme}”，请添加一级指标和考核指标",
        then=_detail,
    )
    return done or render(request, "evaluations/schemes/scheme_form.html", {"form": form, "scheme": None})


@console_view(MANAGE)
def scheme_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    if not scheme.is_draft:
        return HttpResponseRedirect(_detail(scheme))
    initial = {
        "title": scheme.title,
        "year": scheme.year,
        "description": scheme.description,
        "grade_bands": bands_text(scheme.grade_bands),
        "veto_grade": scheme.veto_grade,
    }
    form = SchemeForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: scheme_update(scheme, actor=request.user, **_scheme_fields(data)),
        success="已保存方案",
        then=_detail(scheme),
    )
    return done or render(request, "evaluations/schemes/scheme_form.html", {"form": form, "scheme": scheme})


@console_view(VIEW)
def scheme_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id)
    tree = scheme_tree(scheme)
    can_manage = can_manage_for(request.user, scheme.org)
    context = {
        "scheme": scheme,
        "tree": tree,
        "timeline": scheme_timeline(scheme),
        "can_manage": can_manage,
        "can_edit": can_manage and scheme.is_draft,
        "can_retire": can_manage and scheme.status == SchemeStatus.PUBLISHED,
        "can_copy": has_action_anywhere(request.user, MANAGE),
        "problems": publish_problems(scheme, tree) if scheme.is_draft else [],
    }
    return render(request, "evaluations/schemes/scheme_detail.html", context)


def _draft_or_redirect(scheme: EvaluationScheme) -> HttpResponse | None:
    return None if scheme.is_draft else HttpResponseRedirect(_detail(scheme))


def _dimension_page(
    request: AuthedRequest, scheme: EvaluationScheme, dimension: Dimension | None
) -> HttpResponse:
    initial = {"name": dimension.name, "points": dimension.points} if dimension else None
    form = DimensionForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: dimension_save(
            scheme, actor=request.user, name=data["name"], points=data["points"], dimension=dimension
        ),
        success=lambda saved: f"已保存一级指标“{saved.name}”",
        then=_detail(scheme),
    )
    context = {"form": form, "scheme": scheme, "dimension": dimension}
    return done or render(request, "evaluations/schemes/dimension_form.html", context)


@console_view(MANAGE)
def dimension_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    return _draft_or_redirect(scheme) or _dimension_page(request, scheme, None)


@console_view(MANAGE)
def dimension_edit(request: AuthedRequest, public_id: str, dimension_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    dimension = dimension_get_or_404(request.user, scheme, dimension_id)
    return _draft_or_redirect(scheme) or _dimension_page(request, scheme, dimension)


@require_POST
@console_view(MANAGE)
def dimension_delete_view(request: AuthedRequest, public_id: str, dimension_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    dimension = dimension_get_or_404(request.user, scheme, dimension_id)
    return button_perform(
        request,
        lambda: dimension_delete(dimension, actor=request.user),
        success=f"已删除一级指标“{dimension.name}”",
        back=_detail(scheme),
    )


@require_POST
@console_view(MANAGE)
def dimension_move_view(request: AuthedRequest, public_id: str, dimension_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    dimension = dimension_get_or_404(request.user, scheme, dimension_id)
    return button_perform(
        request,
        lambda: dimension_move(dimension, actor=request.user, up=request.POST.get("to") == "up"),
        success="已调整顺序",
        back=_detail(scheme),
    )


def _indicator_page(
    request: AuthedRequest, scheme: EvaluationScheme, indicator: Indicator | None
) -> HttpResponse:
    dimensions = scheme_dimensions(scheme)
    if indicator is not None:
        initial = indicator_initial(indicator)
    else:
        initial = {"dimension": request.GET.get("dimension") or None, "kind": "manual", "rule": "manual"}
    form = IndicatorForm(posted_data(request), dimensions=dimensions, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: indicator_save(
            scheme,
            actor=request.user,
            dimension=data["dimension"],
            number=data["number"],
            name=data["name"],
            standard=data["standard"],
            points=data["points"],
            kind=data["kind"],
            source_key=data["source_key"],
            rule=data["rule"],
            params=form.params(),
            is_veto=data["is_veto"],
            verification=data["verification"],
            evidence_required=data["evidence_required"],
            indicator=indicator,
        ),
        success=lambda saved: f"已保存指标“{saved}”",
        then=_detail(scheme),
    )
    context = {
        "form": form,
        "scheme": scheme,
        "indicator": indicator,
        "no_dimension": not dimensions.exists(),
        "sources": source_catalogue(),
    }
    return done or render(request, "evaluations/schemes/indicator_form.html", context)


@console_view(MANAGE)
def indicator_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    return _draft_or_redirect(scheme) or _indicator_page(request, scheme, None)


@console_view(MANAGE)
def indicator_edit(request: AuthedRequest, public_id: str, indicator_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    indicator = indicator_get_or_404(request.user, scheme, indicator_id)
    return _draft_or_redirect(scheme) or _indicator_page(request, scheme, indicator)


@require_POST
@console_view(MANAGE)
def indicator_delete_view(request: AuthedRequest, public_id: str, indicator_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    indicator = indicator_get_or_404(request.user, scheme, indicator_id)
    return button_perform(
        request,
        lambda: indicator_delete(indicator, actor=request.user),
        success=f"已删除指标“{indicator}”",
        back=_detail(scheme),
    )


@require_POST
@console_view(MANAGE)
def indicator_move_view(request: AuthedRequest, public_id: str, indicator_id: int) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    indicator = indicator_get_or_404(request.user, scheme, indicator_id)
    return button_perform(
        request,
        lambda: indicator_move(indicator, actor=request.user, up=request.POST.get("to") == "up"),
        success="已调整顺序",
        back=_detail(scheme),
    )


@console_view(MANAGE)
def scheme_publish_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    """GET: the checks and the total; POST: publish."""
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: scheme_publish(scheme, actor=request.user),
            success=f"已发布方案“{scheme}”，发布后不能再修改",
            back=reverse("evaluations:scheme_publish", args=[scheme.public_id]),
            then=_detail,
        )
    if not scheme.is_draft:
        return HttpResponseRedirect(_detail(scheme))
    tree = scheme_tree(scheme)
    context = {"scheme": scheme, "tree": tree, "problems": publish_problems(scheme, tree)}
    return render(request, "evaluations/schemes/scheme_publish.html", context)


@console_view(MANAGE)
def scheme_copy_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id)
    orgs = orgs_user_may_manage(request.user)
    default_org = scheme.org if can_manage_for(request.user, scheme.org) else orgs.first()
    form = CopyForm(posted_data(request), initial={"year": scheme.year + 1})
    done = form_perform(
        request,
        form,
        lambda data: scheme_copy(
            scheme, year=data["year"], actor=request.user, title=data["title"], org=default_org
        ),
        success=lambda copy: f"已复制为“{copy}”（{copy.year}年度，草稿），可继续修改后发布",
        then=_detail,
    )
    context = {"form": form, "scheme": scheme, "org": default_org}
    return done or render(request, "evaluations/schemes/scheme_copy.html", context)


@console_view(MANAGE)
def scheme_import_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Add indicators to a draft from an xlsx in the export's format, all or nothing."""
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    if not scheme.is_draft:
        return HttpResponseRedirect(_detail(scheme))
    form = ImportForm(posted_data(request), request.FILES or None)
    done = form_perform(
        request,
        form,
        lambda data: scheme_import(scheme, actor=request.user, content=data["file"].read()),
        success=lambda count: f"已导入 {count} 项指标",
        then=_detail(scheme),
    )
    return done or render(request, "evaluations/schemes/scheme_import.html", {"form": form, "scheme": scheme})


@require_POST
@console_view(MANAGE)
def scheme_retire_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    scheme = scheme_get_visible_or_404(request.user, public_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: scheme_retire(scheme, actor=request.user),
        success=f"已停用方案“{scheme}”",
        back=_detail(scheme),
    )


@console_view(VIEW)
def source_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    section = request.GET.get("section", "").strip()[:50]
    context = {
        "rows": [(s, source_kind_label(s)) for s in source_catalogue(query, section)],
        "sections": source_sections(),
        "query": query,
        "section": section,
        "filtered": bool(query or section),
    }
    return render(request, "evaluations/schemes/source_list.html", context)
