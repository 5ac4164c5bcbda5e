"""The working-day calendar page: any cadre reads it; a 系统管理员 (calendar.manage) edits it."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.forms import form_perform, posted_data

from .forms import CalendarDayForm
from .permissions import MANAGE, can_manage_calendar
from .selectors import calendar_day_get, calendar_days_for_year, years_missing
from .services import calendar_day_delete, calendar_day_set


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return min(max(year, 2000), 2100)


@console_view()
def calendar_year(request: AuthedRequest) -> HttpResponse:
    year = _year_from(request)
    can_manage = can_manage_calendar(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = CalendarDayForm(posted_data(request), initial={"date": dt.date(year, 1, 1)})
    done = form_perform(
        request,
        form,
        lambda data: calendar_day_set(actor=request.user, **data),
        success=lambda day: f"已保存 {day.date:%Y年%m月%d日}",
        then=lambda day: f"{request.path}?year={day.date.year}",
    )
    if done is not None:
        return done
    days = calendar_days_for_year(year)
    return render(
        request,
        "calendars/calendar_year.html",
        {
            "year": year,
            "days": days,
            "form": form,
            "can_manage": can_manage,
            "missing": bool(years_missing([year])),
            "years": range(timezone.localdate().year - 2, timezone.localdate().year + 3),
        },
    )


@require_POST
@console_view(MANAGE)
def calendar_day_delete_view(request: AuthedRequest, date: str) -> HttpResponse:
    day = calendar_day_get(date)
    calendar_day_delete(day=day, actor=request.user)
    messages.success(request, f"已删除 {day.date:%Y年%m月%d日} 的设置")
    return redirect(f"{reverse('calendars:calendar_year')}?year={day.date.year}")
