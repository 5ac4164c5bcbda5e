"""Allocation pages: the holder allocates a set's first level to its direct child unions, and a receiving union
re-allocates its received places further down — by hand (one number per child union, an error on the row of the
union it concerns) or in proportion to weights (largest remainder, a preview of the shares before confirming) —
and a received allocation's page (its subtree, uses, change record and export)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.orgs.models import Org

from ..forms import AllocationForm, WeightForm, row_field_name
from ..models import QuotaAllocation, QuotaSet
from ..permissions import VIEW, can_allocate, can_view_set
from ..selectors import (
    allocation_get_visible_or_404,
    allocation_level,
    allocation_sub_allocated,
    allocation_subtree,
    allocation_targets,
    allocation_used,
    level_available,
    quota_history,
    quota_set_get_visible_or_404,
    quota_uses_of,
)
from ..services import quota_allocate, quota_allocate_by_weight, quota_shares_by_weight
from ..sources import weight_choices, weight_sources
from ..spreadsheets import quota_table_export

HISTORY_LIMIT = 50
OVER_ALLOCATED_ROW = "超出可分配名额，请减少"


def apply_row_errors(form: Form, exc: ValidationError) -> None:
    """A service error about one union goes on that union's row; an over-allocation is form-wide and also marks
    the rows that asked for more; anything else is form-wide."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
        return
    for error in exc.error_list:
        params = error.params or {}
        row = f"org_{params['org_id']}" if "org_id" in params else ""
        form.add_error(row if row in form.fields else None, error)
        for org_id in params.get("org_ids", []):
            if f"org_{org_id}" in form.fields:
                form.add_error(f"org_{org_id}", OVER_ALLOCATED_ROW)


class Level:
    """One level of a set's tree: the first (no `parent`, split by the holder) or one handed down from
    `parent` (re-allocated by the receiving union)."""

    def __init__(self, quota_set: QuotaSet, parent: QuotaAllocation | None) -> None:
        self.quota_set, self.parent = quota_set, parent
        self.giver: Org = quota_set.org if parent is None else parent.org
        self.targets = allocation_targets(self.giver)
        self.current = allocation_level(quota_set, parent)
        self.available = level_available(quota_set, parent, besides={org.pk for org in self.targets})

    @property
    def back(self) -> str:
        if self.parent is None:
            return reverse("quotas:set_detail", args=[self.quota_set.public_id])
        return reverse("quotas:allocation_detail", args=[self.parent.pk])

    def url(self, kind: str) -> str:
        if self.parent is None:
            return reverse(f"quotas:set_allocate{kind}", args=[self.quota_set.public_id])
        return reverse(f"quotas:allocation_allocate{kind}", args=[self.parent.pk])

    def context(self) -> dict[str, Any]:
        return {
            "quota_set": self.quota_set,
            "parent": self.parent,
            "giver": self.giver,
            "targets": self.targets,
            "available": self.available,
            "back": self.back,
            "by_hand_url": self.url(""),
            "by_weight_url": self.url("_weight"),
        }


def _level(request: AuthedRequest, quota_set: QuotaSet, parent: QuotaAllocation | None) -> Level:
    if not can_allocate(request.user, quota_set, parent):
        raise PermissionDenied
    return Level(quota_set, parent)


def _by_hand(request: AuthedRequest, level: Level) -> HttpResponse:
    form = AllocationForm(posted_data(request), targets=level.targets, current=level.current)
    if request.method == "POST" and form.is_valid():
        shares = form.shares()
        if not shares:
            form.add_error(None, "请至少为一个下级工会填写分配名额")
        else:
            try:
                quota_allocate(
                    quota_set=level.quota_set,
                    parent=level.parent,
                    shares=shares,
                    actor=request.user,
                    context=AuditContext.of(request),
                )
            except ValidationError as exc:
                apply_row_errors(form, exc)
            else:
                messages.success(request, f"已分配 {sum(shares.values())} 个名额到 {len(shares)} 个下级工会")
                return htmx_redirect(request, level.back)
    rows = [(org, form[row_field_name(org)], level.current.get(org.pk)) for org in level.targets]
    context = {**level.context(), "form": form, "rows": rows}
    return render(request, "quotas/allocate_by_hand.html", context, status=422 if form.errors else 200)


def _by_weight(request: AuthedRequest, level: Level) -> HttpResponse:
    # the basis asked for, else the first source (会员人数 once members registers it, 职工人数 until then)
    basis = request.GET.get("basis", "")
    source = weight_sources.get(basis) if basis in weight_sources else next(iter(weight_sources))
    form = WeightForm(
        posted_data(request),
        targets=level.targets,
        weights=source.weights(level.targets),
        available=level.available,
    )
    preview: list[dict[str, Any]] = []
    confirm_fields: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        weights, amount = form.weights(), form.cleaned_data["amount"]
        try:
            if request.POST.get("step") == "confirm":
                quota_allocate_by_weight(
                    quota_set=level.quota_set,
                    parent=level.parent,
                    weights=weights,
                    amount=amount,
                    actor=request.user,
                    context=AuditContext.of(request),
                )
                messages.success(request, "已按比例分配名额")
                return htmx_redirect(request, level.back)
            shares = quota_shares_by_weight(
                quota_set=level.quota_set,
                weights=weights,
                amount=level.available if amount is None else amount,
            )
        except ValidationError as exc:
            apply_row_errors(form, exc)
        else:
            weight_sum = sum(weights.values())
            for org in level.targets:
                held = level.current.get(org.pk)
                # a union keeps at least what it has used or handed down (the confirm would refuse less)
                floor = allocation_sub_allocated(held) + allocation_used(held) if held is not None else 0
                preview.append(
                    {
                        "org": org,
                        "weight": weights[org.pk],
                        "exact": f"{level.available if amount is None else amount} × {weights[org.pk]} ÷ {weight_sum}",
                        "share": shares[org.pk],
                        "current": held.allocated if held is not None else None,
                        "floor": floor,
                        "below_floor": shares[org.pk] < floor,
                    }
                )
            # the confirm form carries its own step=confirm: a second step field would win (the last value)
            confirm_fields = [(name, form.cleaned_data.get(name)) for name in form.fields if name != "step"]
    weight_rows = [(org, form[row_field_name(org)]) for org in level.targets]
    context = {
        **level.context(),
        "form": form,
        "weight_rows": weight_rows,
        "basis": source.key,
        "bases": weight_choices(),
        "preview": preview,
        "preview_total": sum(row["share"] for row in preview),
        "preview_below_floor": [row for row in preview if row["below_floor"]],
        "confirm_fields": confirm_fields,
    }
    return render(request, "quotas/allocate_by_weight.html", context, status=422 if form.errors else 200)


@console_view(VIEW)
def set_allocate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    quota_set = quota_set_get_visible_or_404(request.user, VIEW, public_id)
    return _by_hand(request, _level(request, quota_set, None))


@console_view(VIEW)
def set_allocate_weight(request: AuthedRequest, public_id: Any) -> HttpResponse:
    quota_set = quota_set_get_visible_or_404(request.user, VIEW, public_id)
    return _by_weight(request, _level(request, quota_set, None))


@console_view(VIEW)
def allocation_allocate(request: AuthedRequest, pk: int) -> HttpResponse:
    allocation = allocation_get_visible_or_404(request.user, VIEW, pk)
    return _by_hand(request, _level(request, allocation.quota_set, allocation))


@console_view(VIEW)
def allocation_allocate_weight(request: AuthedRequest, pk: int) -> HttpResponse:
    allocation = allocation_get_visible_or_404(request.user, VIEW, pk)
    return _by_weight(request, _level(request, allocation.quota_set, allocation))


@console_view(VIEW)
def allocation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A received allocation: what the union was given, what it handed down and used, and what remains."""
    allocation = allocation_get_visible_or_404(request.user, VIEW, pk)
    rows = allocation_subtree(allocation)
    allocations = [row.allocation for row in rows]
    context = {
        "allocation": allocation,
        "quota_set": allocation.quota_set,
        "own": rows[0] if rows else None,
        "rows": rows,
        "uses": quota_uses_of(allocations),
        "history": quota_history(None, allocations)[:HISTORY_LIMIT],
        "can_allocate": can_allocate(request.user, allocation.quota_set, allocation),
        "can_view_set": can_view_set(request.user, allocation.quota_set),
    }
    return render(request, "quotas/allocation_detail.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def allocation_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """名额分配表 of one received allocation and what it handed down (xlsx, audited as an export)."""
    allocation = allocation_get_visible_or_404(request.user, VIEW, pk)
    content = quota_table_export(
        quota_set=allocation.quota_set,
        rows=allocation_subtree(allocation),
        actor=request.user,
        subject=allocation,
        org_id=allocation.org_id,
        top_giver=allocation.parent.org.name if allocation.parent else allocation.quota_set.org.name,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, f"名额分配表-{allocation.quota_set.title}-{allocation.org.name}.xlsx")
