"""Console views of part events — activities: the list (filters, counts, export), 新建 and 修改 (with the audience's
member criteria and their live count), the activity page (facts, figures, the record panels of the other parts,
the timeline), 发布, 取消活动 (a confirmation page with the reason), the budget's spending (登记支出, 删除 with a
confirmation page) and the statistics by union, kind and month (with export).

Who may do what: `activities.view` to see (the activity in the user's subtrees, else 404), `activities.manage` on
the organiser's union to change (else 403)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import record_panels_for
from gonghui.core.statistics import shown_count
from gonghui.core.timeline import timeline_for
from gonghui.members.forms.filters import MemberFilterForm
from gonghui.members.selectors.filters import MemberFilter, member_filter_count, member_filter_describe
from gonghui.members.selectors.registry import member_filter_orgs
from gonghui.orgs.models import Org

from ..audiences import activity_audiences
from ..choices import ActivityStatus, RegistrationStatus
from ..forms.events import ActivityFilterForm, ActivityForm, CancelForm, SpendingForm, StatsForm
from ..models import Activity
from ..models.events import ORG_AUDIENCE
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors.events import (
    activity_filters,
    activity_get_visible_or_404,
    activity_list_for_user,
    activity_stats,
    budget_lines_for,
    budget_lines_of_manage_orgs,
    budget_summary,
    private_audience,
    registration_counts,
    spending_get_visible_or_404,
    spending_list,
    stats_roots,
    stats_years,
    union_choices,
)
from ..services import events as services
from ..spreadsheets.events import stats_workbook

BADGES = {
    ActivityStatus.DRAFT: "bg-yellow-lt",
    ActivityStatus.PUBLISHED: "bg-green-lt",
    ActivityStatus.CANCELLED: "bg-secondary-lt",
}


def _detail_url(activity: Activity) -> str:
    return reverse("activities:detail", args=[activity.pk])


def _manageable(request: AuthedRequest, activity: Activity) -> None:
    if not can_manage_for(request.user, activity.org):
        raise PermissionDenied


@console_view(VIEW)
def activity_list(request: AuthedRequest) -> HttpResponse:
    filters = activity_filters(request.GET)
    page = paginate(request, activity_list_for_user(request.user, filters))
    context = {
        "form": ActivityFilterForm(request.GET, orgs=union_choices(request.user)),
        "page": page,
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "badges": BADGES,
        "now": timezone.now(),
        "may_create": has_action_anywhere(request.user, MANAGE),
    }
    return render(request, "activities/events/activity_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def activity_export(request: AuthedRequest) -> HttpResponse:
    """The list as filtered (the filters ride in the query string), as xlsx; audited (a POST)."""
    filters = activity_filters(request.GET)
    content, name = services.activities_export(
        activities=activity_list_for_user(request.user, filters).iterator(chunk_size=500),
        actor=request.user,
        filtered=filters.any(),
        context=AuditContext.of(request),
    )
    return xlsx_response(content, name)


def _details(data: dict[str, Any], flt: MemberFilter) -> services.ActivityDetails:
    return services.ActivityDetails(
        title=data["title"],
        kind=data["kind"],
        place=data["place"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        description=data["description"],
        audience_key=data["audience_key"],
        member_filter=flt.as_dict() if data["audience_key"] == ORG_AUDIENCE else {},
        signup_required=data["signup_required"],
        signup_opens_at=data["signup_opens_at"],
        signup_closes_at=data["signup_closes_at"],
        capacity=data["capacity"],
        waitlist=data["waitlist"],
        approval_required=data["approval_required"],
        cancel_cutoff=data["cancel_cutoff"],
        reminder_hours=data["reminder_hours"],
        late_after_minutes=data["late_after_minutes"],
        checkout_required=data["checkout_required"],
        budget_line=data["budget_line"],
        budget=data["budget"],
        contact=data["contact"],
    )


def _audience_count(request: AuthedRequest, filter_form: MemberFilterForm, org: Org | None) -> int | None:
    if filter_form.is_bound and not filter_form.is_valid():
        return None
    return member_filter_count(request.user, filter_form.member_filter_or_default(), within=org)


def _form_page(
    request: AuthedRequest, form: ActivityForm, filter_form: MemberFilterForm, activity: Activity | None
) -> HttpResponse:
    org = activity.org if activity else None
    if org is None and form.is_bound:
        org = Org.objects.visible_to(request.user, MANAGE).filter(code=form.data.get("org", "")).first()
    context = {
        "form": form,
        "filter_form": filter_form,
        "count": _audience_count(request, filter_form, org),
        "activity": activity,
        "org_code": org.code if org else "",
    }
    return render(request, "activities/events/activity_form.html", context)


@console_view(MANAGE)
def activity_create(request: AuthedRequest) -> HttpResponse:
    orgs = union_choices(request.user, MANAGE)
    form = ActivityForm(
        posted_data(request),
        orgs=orgs,
        lines=budget_lines_of_manage_orgs(request.user),
        initial={"org": orgs[0][0] if orgs else "", "audience_key": ORG_AUDIENCE},
    )
    filter_form = MemberFilterForm(posted_data(request), orgs=member_filter_orgs(user=request.user))
    if request.method == "POST" and not filter_form.is_valid():
        form.is_valid()
        return _form_page(request, form, filter_form, None)

    def perform(data: dict[str, Any]) -> Activity:
        org = Org.objects.visible_to(request.user, MANAGE).get(code=data["org"])
        return services.activity_create(
            org=org,
            details=_details(data, filter_form.member_filter()),
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda activity: f"已保存活动“{activity.title}”（草稿），确认无误后请发布",
        then=_detail_url,
    )
    return done or _form_page(request, form, filter_form, None)


@console_view(VIEW)
def activity_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_visible_or_404(request.user, activity_id)
    _manageable(request, activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise PermissionDenied
    initial = {name: getattr(activity, name) for name in ActivityForm.base_fields if name != "org"}
    initial["budget_line"] = activity.budget_line_id
    form = ActivityForm(
        posted_data(request), orgs=None, lines=budget_lines_for(request.user, activity.org), initial=initial
    )
    flt = MemberFilter.from_dict(activity.member_filter)
    filter_form = MemberFilterForm(
        posted_data(request),
        orgs=member_filter_orgs(user=request.user),
        initial=MemberFilterForm.initial_for(flt),
    )
    if request.method == "POST" and not filter_form.is_valid():
        form.is_valid()
        return _form_page(request, form, filter_form, activity)
    done = form_perform(
        request,
        form,
        lambda data: services.activity_update(
            activity=activity,
            details=_details(data, filter_form.member_filter()),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存活动",
        then=_detail_url(activity),
    )
    return done or _form_page(request, form, filter_form, activity)


def _audience_summary(activity: Activity) -> str:
    if activity.audience_key != ORG_AUDIENCE and activity.audience_key in activity_audiences:
        return activity_audiences.get(activity.audience_key).label
    flt = MemberFilter.from_dict(activity.member_filter)
    base = f"{activity.org.name}及下级工会的在籍会员"
    if flt.is_empty:
        return base
    criteria = "；".join(f"{label}：{values}" for label, values in member_filter_describe(flt))
    return f"{base}（按会员条件筛选：{criteria}）" if criteria else f"{base}（按会员条件筛选）"


@console_view(VIEW)
def activity_detail(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_visible_or_404(request.user, activity_id)
    may_manage = can_manage_for(request.user, activity.org)
    now = timezone.now()
    live = activity.status != ActivityStatus.CANCELLED and activity.ends_at > now
    counts = registration_counts(activity)
    context = {
        "activity": activity,
        "badge": BADGES.get(ActivityStatus(activity.status), ""),
        "audience": _audience_summary(activity),
        "criteria": MemberFilter.from_dict(activity.member_filter).as_dict(),
        "counts": {
            "confirmed": counts.get(RegistrationStatus.CONFIRMED, 0),
            "pending": counts.get(RegistrationStatus.PENDING, 0),
            "waitlisted": counts.get(RegistrationStatus.WAITLISTED, 0),
            "cancelled": counts.get(RegistrationStatus.CANCELLED, 0),
        },
        "figures": budget_summary(activity),
        "spendings": spending_list(activity),
        "now": now,
        "may_edit": may_manage and activity.status != ActivityStatus.CANCELLED,
        "may_publish": may_manage and activity.status == ActivityStatus.DRAFT and activity.ends_at > now,
        "may_cancel": may_manage and live,
        "may_spend": may_manage and activity.budget is not None,
        "record_panels": record_panels_for(request.user, activity),
        "timeline": timeline_for(activity),
    }
    private = private_audience(activity)
    context["private"] = private
    context["may_invite"] = bool(
        private and private.can_invite and may_manage and activity.status == ActivityStatus.PUBLISHED and live
    )
    return render(request, "activities/events/activity_detail.html", context)


@require_POST
@console_view(VIEW)
def activity_invite(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """通过婚恋交友平台发送邀请 (a private audience with an invite hook): the audience's app sends them; the organiser
    learns only how many, "<10" for 1–9."""
    activity = activity_get_visible_or_404(request.user, activity_id)
    _manageable(request, activity)
    return button_perform(
        request,
        lambda: services.activity_audience_invite(
            activity=activity, actor=request.user, context=AuditContext.of(request)
        ),
        success=lambda n: f"已向 {shown_count(n)} 名会员发出“{activity.title}”的邀请",
        back=_detail_url(activity),
    )


@require_POST
@console_view(VIEW)
def activity_publish(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_visible_or_404(request.user, activity_id)
    _manageable(request, activity)
    return button_perform(
        request,
        lambda: services.activity_publish(
            activity=activity, actor=request.user, context=AuditContext.of(request)
        ),
        success=f"已发布活动“{activity.title}”，参加对象可在会员端查看{'并报名' if activity.signup_required else ''}",
        back=_detail_url(activity),
    )


@console_view(VIEW)
def activity_cancel(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """取消活动: a confirmation page naming who will be told; the POST (with the reason) cancels."""
    activity = activity_get_visible_or_404(request.user, activity_id)
    _manageable(request, activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise PermissionDenied
    form = CancelForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.activity_cancel(
            activity=activity, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success=lambda result: (
            f"已取消活动“{activity.title}”"
            + (
                f"，{result.registrations} 人的报名随之取消，已通知 {result.notified} 人"
                if result.registrations
                else ""
            )
        ),
        then=_detail_url(activity),
    )
    counts = registration_counts(activity)
    live = sum(counts.get(s, 0) for s in ("pending", "confirmed", "waitlisted"))
    return done or render(
        request, "activities/events/activity_cancel.html", {"activity": activity, "form": form, "live": live}
    )


@console_view(VIEW)
def activity_spendings(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """登记支出: the budget's figures, the spending list and the form to add one (organisers only)."""
    activity = activity_get_visible_or_404(request.user, activity_id)
    _manageable(request, activity)
    form = SpendingForm(posted_data(request), initial={"spent_on": timezone.localdate()})
    done = form_perform(
        request,
        form,
        lambda data: services.spending_add(
            activity=activity,
            amount=data["amount"],
            purpose=data["purpose"],
            spent_on=data["spent_on"],
            voucher=data["voucher"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda spending: f"已登记支出：{spending.purpose} {spending.amount} 元",
        then=reverse("activities:spendings", args=[activity.pk]),
    )
    context = {
        "activity": activity,
        "form": form,
        "figures": budget_summary(activity),
        "spendings": spending_list(activity),
    }
    return done or render(request, "activities/events/spendings.html", context)


@console_view(VIEW)
def spending_delete(request: AuthedRequest, spending_id: int) -> HttpResponse:
    """删除支出: a confirmation page; the POST deletes the record (the timeline and the audit keep it)."""
    spending = spending_get_visible_or_404(request.user, spending_id)
    activity = spending.activity
    _manageable(request, activity)
    back = reverse("activities:spendings", args=[activity.pk])
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.spending_remove(
                spending=spending, actor=request.user, context=AuditContext.of(request)
            ),
            success=f"已删除支出：{spending.purpose} {spending.amount} 元",
            back=back,
        )
    return render(
        request, "activities/events/spending_delete.html", {"spending": spending, "activity": activity}
    )


def _stats_choice(request: AuthedRequest) -> tuple[StatsForm, Org, int]:
    roots = stats_roots(request.user)
    top = min((org.depth for org in roots), default=0)
    orgs = [(org.code, "　" * (org.depth - top) + org.name) for org in roots]
    years = stats_years(request.user)
    form = StatsForm(request.GET, orgs=orgs, years=years)
    code = request.GET.get("org", "")
    root = next((org for org in roots if org.code == code), None) or roots[0]
    raw_year = str(request.GET.get("year") or "")
    year = int(raw_year) if raw_year.isdigit() and int(raw_year) in years else years[0]
    form = StatsForm({"org": root.code, "year": year}, orgs=orgs, years=years)
    return form, root, year


@console_view(VIEW)
def stats_view(request: AuthedRequest) -> HttpResponse:
    """活动统计: the union chosen (by default the user's highest) and its direct child unions rolled up, by kind and
    by month, for one year."""
    form, root, year = _stats_choice(request)
    context = {"form": form, "stats": activity_stats(root, year), "querystring": request.GET.urlencode()}
    return render(request, "activities/events/stats.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def stats_export(request: AuthedRequest) -> HttpResponse:
    _form, root, year = _stats_choice(request)
    return xlsx_response(stats_workbook(activity_stats(root, year)), f"活动统计-{root.name}-{year}年.xlsx")
