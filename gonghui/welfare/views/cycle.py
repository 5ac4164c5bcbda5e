"""Console pages of 困难职工帮扶 — part `cycle`: 复核到期 (the yearly reviews and the follow-ups due in the user's
subtrees, overdue first), 年度复核, 脱困 and 注销 (asked first), the follow-up record, and 帮扶统计 (counts only,
cells under 10 hidden; the one page the union's admin, staff and auditor reach). Whoever may not handle the file
gets 403 on the action pages, GET and POST alike; outside the subtree, 404."""

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page

from ..choices import FileStatus, ReviewOutcome
from ..forms.cycle import (
    KIND_FOLLOW_UPS,
    KIND_REVIEWS,
    AnnualReviewForm,
    CloseForm,
    DueFilterForm,
    FollowUpForm,
    LiftForm,
    StatsYearForm,
)
from ..models import HardshipFile
from ..permissions import MANAGE, MIN_CELL, STATS, VIEW
from ..selectors.cycle import (
    FOLLOW_UP_LEAD_DAYS,
    REVIEW_LEAD_DAYS,
    STATS_CLASSES,
    follow_up_for,
    follow_ups_due_for_user,
    reviews_due_for_user,
    stats_columns,
    stats_for_user,
    stats_years,
)
from ..selectors.files import file_for
from ..services.cycle import annual_review_record, file_close, file_lift, follow_up_record


def _action_file(request: AuthedRequest, pk: int) -> HardshipFile:
    """The file of an action page: 404 outside the subtree, 403 without `welfare.manage` on its union."""
    return file_for(request.user, pk, demand=MANAGE)


def _not_open(
    request: AuthedRequest, file: HardshipFile, step: str, template: str, **extra: Any
) -> HttpResponse:
    """The step's page without its form, saying why: the file's state does not allow it (a stale link)."""
    context = {
        "form": None,
        "file": file,
        "not_open": f"该档案当前状态为“{file.get_status_display()}”，不能办理{step}。",
        "retention_years": settings.WELFARE_RETENTION_YEARS,
        **extra,
    }
    return render(request, template, context)


@console_view(VIEW)
def reviews_due(request: AuthedRequest) -> HttpResponse:
    kind = KIND_FOLLOW_UPS if request.GET.get("kind") == KIND_FOLLOW_UPS else KIND_REVIEWS
    form = DueFilterForm(request.GET)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if kind == KIND_REVIEWS:
        rows: Any = reviews_due_for_user(request.user, filters)
    else:
        rows = follow_ups_due_for_user(request.user, filters)
    context = {
        "form": form,
        "kind": kind,
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "filtered": any(value for value in filters.values()),
        "today": timezone.localdate(),
        "review_lead_days": REVIEW_LEAD_DAYS,
        "follow_up_lead_days": FOLLOW_UP_LEAD_DAYS,
    }
    return render(request, "welfare/cycle/reviews_due.html", context)


@console_view(VIEW)
def annual_review_view(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _action_file(request, pk)
    if file.status != FileStatus.FILED:
        return _not_open(request, file, "年度复核", "welfare/cycle/annual_review.html")
    form = AnnualReviewForm(posted_data(request), initial={"outcome": ReviewOutcome.CONTINUE})
    done = form_perform(
        request,
        form,
        lambda data: annual_review_record(
            file=file,
            actor=request.user,
            outcome=data["outcome"],
            note=data["note"],
            new_class=data.get("new_class") or "",
            reason=data.get("reason") or "",
        ),
        success=lambda review: f"已记录{review.year}年度复核：{review.get_outcome_display()}",
        then=file.get_absolute_url(),
    )
    if done:
        return done
    return render(
        request,
        "welfare/cycle/annual_review.html",
        {"form": form, "file": file, "retention_years": settings.WELFARE_RETENTION_YEARS},
    )


@console_view(VIEW)
def lift_view(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _action_file(request, pk)
    if file.status != FileStatus.FILED:
        return _not_open(request, file, "脱困", "welfare/cycle/lift.html")
    form = LiftForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: file_lift(file=file, actor=request.user, note=data["note"]),
        success="已办理脱困，3个月和12个月后将提醒电话回访",
        then=file.get_absolute_url(),
    )
    if done:
        return done
    return render(request, "welfare/cycle/lift.html", {"form": form, "file": file})


@console_view(VIEW)
def close_view(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _action_file(request, pk)
    if file.status not in (FileStatus.FILED, FileStatus.LIFTED):
        return _not_open(request, file, "注销", "welfare/cycle/close.html")
    form = CloseForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: file_close(file=file, actor=request.user, reason=data["reason"], note=data["note"]),
        success="已注销该档案",
        then=file.get_absolute_url(),
    )
    if done:
        return done
    return render(
        request,
        "welfare/cycle/close.html",
        {"form": form, "file": file, "retention_years": settings.WELFARE_RETENTION_YEARS},
    )


@console_view(VIEW)
def follow_up_view(request: AuthedRequest, follow_up_id: int) -> HttpResponse:
    follow_up = follow_up_for(request.user, follow_up_id)
    if follow_up.file.status != FileStatus.LIFTED:
        return _not_open(
            request, follow_up.file, "脱困回访", "welfare/cycle/follow_up.html", follow_up=follow_up
        )
    initial = {
        "done_on": follow_up.done_on or timezone.localdate(),
        "outcome": follow_up.outcome,
        "note": follow_up.note,
    }
    form = FollowUpForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: follow_up_record(
            follow_up=follow_up,
            actor=request.user,
            done_on=data["done_on"],
            outcome=data["outcome"],
            note=data["note"],
        ),
        success="已记录回访",
        then=follow_up.file.get_absolute_url(),
    )
    if done:
        return done
    return render(
        request,
        "welfare/cycle/follow_up.html",
        {"form": form, "follow_up": follow_up, "file": follow_up.file},
    )


@console_view(STATS)
def stats_view(request: AuthedRequest) -> HttpResponse:
    years = stats_years()
    form = StatsYearForm(request.GET, years=years)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or years[0]
    context = {
        "form": form,
        "year": year,
        "columns": stats_columns(),
        "class_labels": [c.label for c in STATS_CLASSES],
        "tables": stats_for_user(request.user, year),
        "min_cell": MIN_CELL,
    }
    return render(request, "welfare/cycle/stats.html", context)
