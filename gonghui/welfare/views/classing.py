"""Views of 困难职工帮扶 — part `classing`: 低保标准 (the lines of the user's subtree and the unions above, with a year
filter; 新增 and 修改 for `welfare.manage`), a file's 刚性支出与事件 (amounts sealed: the form never shows them) and
核定类别 (the computed class and the rules that fired, without figures, and the decision). Whoever may not handle
the file gets 403 on both file pages (GET and POST alike); a file past 审核 shows why it cannot change."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page

from ..choices import HardshipClass
from ..forms.classing import DecideForm, ExpensesForm, LineFilterForm, LineForm
from ..models import HardshipFile, PovertyLine
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.classing import (
    CLASSABLE_STATUSES,
    can_edit_line,
    classification_year,
    file_classification,
    line_for,
    line_for_user_or_404,
    line_orgs_for,
    line_years,
    lines_visible_to,
    spending_merged,
    spending_recorded,
)
from ..selectors.files import file_for
from ..services.classing import file_class_decide, file_classify, file_expenses_set, line_save


@console_view(VIEW)
def line_list(request: AuthedRequest) -> HttpResponse:
    form = LineFilterForm(request.GET, years=line_years(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, lines_visible_to(request.user, filters))
    for line in page.object_list:
        line.can_edit = can_edit_line(request.user, line)
    context = {
        "form": form,
        "page": page,
        "querystring": query_without_page(request),
        "filtered": bool(filters.get("year")),
        "can_create": line_orgs_for(request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "welfare/classing/line_table.html", context)
    return render(request, "welfare/classing/line_list.html", context)


def _lines_url(line: PovertyLine) -> str:
    return f"{reverse('welfare:lines')}?year={line.year}"


def _line_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in ("year", "monthly_line", "relative_multiple", "accident_multiple", "source")
    }


@console_view(MANAGE)
def line_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = line_orgs_for(request.user)
    initial = {"year": classification_year(), "org": orgs.first()}
    form = LineForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: line_save(
            org=data["org"], actor=request.user, context=AuditContext.of(request), **_line_values(data)
        ),
        success=lambda line: f"已保存 {line.org.name} {line.year} 年低保标准",
        then=_lines_url,
    )
    if done:
        return done
    return render(request, "welfare/classing/line_form.html", {"form": form, "title": "新增低保标准"})


@console_view(VIEW)
def line_edit_view(request: AuthedRequest, line_id: int) -> HttpResponse:
    line = line_for_user_or_404(request.user, line_id, demand=MANAGE)
    initial = {
        name: getattr(line, name)
        for name in ("year", "monthly_line", "relative_multiple", "accident_multiple", "source")
    }
    form = LineForm(posted_data(request), orgs=None, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: line_save(
            org=line.org,
            actor=request.user,
            line=line,
            context=AuditContext.of(request),
            **_line_values(data),
        ),
        success=lambda saved: f"已保存 {saved.org.name} {saved.year} 年低保标准",
        then=_lines_url,
    )
    if done:
        return done
    context = {"form": form, "line": line, "title": f"修改低保标准：{line.org.name} {line.year} 年"}
    return render(request, "welfare/classing/line_form.html", context)


def _file_context(file: HardshipFile) -> dict[str, Any]:
    return {"file": file, "classable": file.status in CLASSABLE_STATUSES}


@console_view(VIEW)
def expenses_view(request: AuthedRequest, pk: int) -> HttpResponse:
    file = file_for(request.user, pk, demand=MANAGE)
    recorded, notes = spending_recorded(file)
    initial = {
        "accident_kind": file.accident_kind,
        "accident_date": file.accident_date,
        "exclusions": list(file.exclusions or []),
    }
    form = ExpensesForm(posted_data(request), recorded=recorded, has_notes=notes, initial=initial)

    def perform(data: dict[str, Any]) -> HardshipFile:
        expenses, accident_note, exclusion_note = spending_merged(
            file,
            amounts=form.amounts(),
            accident_note=data["accident_note"],
            exclusion_note=data["exclusion_note"],
        )
        return file_expenses_set(
            file=file,
            actor=request.user,
            expenses=expenses,
            accident_kind=data["accident_kind"],
            accident_date=data["accident_date"],
            accident_note=accident_note,
            exclusions=data["exclusions"],
            exclusion_note=exclusion_note,
        )

    done = form_perform(
        request,
        form,
        perform,
        success="已保存刚性支出与事件，请核定类别",
        then=reverse("welfare:classify", args=[file.pk]),
    )
    if done:
        return done
    return render(request, "welfare/classing/expenses.html", {**_file_context(file), "form": form})


@console_view(VIEW)
def classify_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the class computed now (the rules that fired, without figures) and the decision form. POST `op=store`
    stores the computation (its figures then show on the audited 查看敏感信息 page); any other POST decides."""
    file = file_for(request.user, pk, demand=MANAGE)
    here = reverse("welfare:classify", args=[file.pk])
    if request.method == "POST" and request.POST.get("op") == "store":
        return button_perform(
            request,
            lambda: file_classify(file=file, actor=request.user),
            success=lambda result: (
                "已保存测算结果："
                + (str(HardshipClass(result.suggested).label) if result.suggested else "未能测算类别")
            ),
            back=here,
        )
    result = file_classification(file)
    initial = {"decided_class": file.decided_class or result.suggested or ""}
    form = DecideForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: file_class_decide(
            file=file, actor=request.user, decided_class=data["decided_class"], note=data["note"]
        ),
        success=lambda saved: f"已核定类别：{saved.get_decided_class_display()}",
        then=reverse("welfare:detail", args=[file.pk]),
    )
    if done:
        return done
    line = line_for(file.org, classification_year())
    context = {
        **_file_context(file),
        "form": form,
        "result": result,
        "computed_label": HardshipClass(result.suggested).label if result.suggested else "",
        "line": line,
        "year": classification_year(),
        "has_event": bool(file.accident_kind and file.accident_date),
        "can_manage_line": can_manage_for(request.user, file.org) if line is None else False,
    }
    return render(request, "welfare/classing/classify.html", context)
