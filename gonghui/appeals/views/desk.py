"""Console pages of 网上维权: the case desk (list, filters, export), recording a case on a member's behalf, the
case page with its actions, the identity reveal, the overdue board, the statistics, categories and designations.
Thin: selectors read, services write."""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.identity import mask_phone
from gonghui.accounts.scoping import has_action, has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import apply_validation_error, form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import record_panels_for
from gonghui.core.statistics import statistics_context
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_ancestors, org_roots_for_user

from .. import selectors, services
from ..charts import stats_charts
from ..choices import OPEN_STATUSES, REQUESTER_ACTIONS, AppealAction, AppealChannel, AppealStatus
from ..forms import (
    DESIGNEE_NOT_FOUND,
    AssignForm,
    BodyForm,
    CategoryForm,
    DesignationForm,
    LawyerForm,
    MaterialsForm,
    NoteForm,
    ReasonForm,
    RecordAppealForm,
    RevealForm,
    TransferForm,
)
from ..models import Appeal
from ..permissions import (
    CONFIGURE,
    HANDLE,
    SUPERVISE,
    VIEW,
    can_handle_appeal,
    can_note_appeal,
    can_reveal_appeal,
    is_desk_user,
)
from ..selectors import (
    appeal_attachments,
    appeal_desk_counts,
    appeal_get_for_user,
    appeal_list_for_user,
    appeal_messages,
    appeal_stats,
    appeal_timeline,
    appeal_visible_to,
    category_get,
    category_list,
    designation_get_for_user,
    designation_list_for_user,
    designee_get_for_user,
    handling_orgs,
    overdue_board,
    stats_filters,
    supervised_orgs,
)
from ..services import APPEAL_WORKFLOW
from ..sla import current_due, overdue_workdays, sla_marker
from ..spreadsheets import APPEAL_STATS, SLA_FILTERS, desk_filters

View = Callable[..., HttpResponse]
STATE_LABELS = dict(AppealStatus.choices)


def desk_view(view: View) -> View:
    """Console login and role; then a handler somewhere or a lawyer (who sees only assigned cases)."""

    @console_view()
    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_desk_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- the desk ---------------------------------------------------------------------------------------------


def _with_markers(appeals: Any, today: dt.date) -> list[Appeal]:
    rows = list(appeals)
    for appeal in rows:
        appeal.sla_marker = sla_marker(appeal, today)  # type: ignore[attr-defined]
        appeal.running_due = current_due(appeal, today)  # type: ignore[attr-defined]
    return rows


@desk_view
def appeal_list(request: AuthedRequest) -> HttpResponse:
    filters = desk_filters(request.GET)
    today = timezone.localdate()
    page = paginate(request, appeal_list_for_user(user=request.user, today=today, **filters))
    page.object_list = _with_markers(page.object_list, today)
    context = {
        "page": page,
        "filters": filters,
        "statuses": AppealStatus.choices,
        "categories": category_list(),
        "sla_filters": SLA_FILTERS,
        "querystring": query_without_page(request),
        "counts": appeal_desk_counts(user=request.user, today=today),
        "can_record": has_action_anywhere(request.user, HANDLE),
    }
    if htmx_partial(request):
        return render(request, "appeals/partials/appeal_table.html", context)
    return render(request, "appeals/appeal_list.html", context)


@console_view(HANDLE)
def appeal_create(request: AuthedRequest) -> HttpResponse:
    """A cadre records a case received by phone, visit or letter."""
    orgs = handling_orgs(user=request.user)
    form = RecordAppealForm(posted_data(request), request.FILES or None, orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: services.appeal_record(
            actor=request.user,
            org=data["org"],
            channel=data["channel"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            data=form.appeal_input(),
            consent_told=data["consent_told"],
            uploads=data["attachments"],
        ),
        success=lambda appeal: f"已登记诉求 {appeal.number}",
        then=_detail_url,
    )
    return done or render(request, "appeals/appeal_form.html", {"form": form})


def _detail_url(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", args=[appeal.public_id])


# --- one case ---------------------------------------------------------------------------------------------


# the case page's state changes: its form key → the workflow action and the form
STATE_ACTIONS: dict[str, tuple[AppealAction, type[forms.Form]]] = {
    "accept": (AppealAction.ACCEPT, NoteForm),
    "reject": (AppealAction.REJECT, ReasonForm),
    "start": (AppealAction.START, NoteForm),
    "reply": (AppealAction.REPLY, BodyForm),
    "materials": (AppealAction.REQUEST_MATERIALS, MaterialsForm),
    "resume": (AppealAction.RESUME, NoteForm),
}


def _action_forms(request: AuthedRequest, appeal: Appeal) -> dict[str, forms.Form]:
    """The forms of what the user may do now: the workflow's available state changes, then the handling actions
    of an open case (assign, lawyer, transfer, escalate) and the internal note."""
    user = request.user
    available = {t.action for t in APPEAL_WORKFLOW.available_actions(appeal, user)}
    result: dict[str, forms.Form] = {
        key: form_class() for key, (action, form_class) in STATE_ACTIONS.items() if action in available
    }
    if can_handle_appeal(user, appeal) and appeal.status in OPEN_STATUSES:
        result["assign"] = AssignForm(users=selectors.appeal_handlers_for(appeal))
        result["lawyer"] = LawyerForm(
            users=selectors.appeal_lawyers_for(appeal), initial={"lawyer": appeal.lawyer_id}
        )
        result["transfer"] = TransferForm(orgs=selectors.appeal_transfer_targets(actor=user, appeal=appeal))
        if Org.objects.get_parent(appeal.org) is not None:
            result["escalate"] = ReasonForm()
    if can_note_appeal(user, appeal):
        result["note"] = BodyForm()
    return result


ACTION_TITLES = {
    "accept": "受理",
    "reject": "不予受理",
    "start": "开始办理",
    "reply": "答复申请人",
    "materials": "要求补充材料（暂停计时）",
    "resume": "恢复计时（材料已另行收到）",
    "assign": "分派办理人",
    "lawyer": "指派律师",
    "transfer": "转办其他工会",
    "escalate": "上报上级工会",
    "note": "内部备注（申请人看不到）",
}


def _detail(
    request: AuthedRequest,
    appeal: Appeal,
    *,
    bound: tuple[str, forms.Form] | None = None,
    revealed: Any = None,
    reveal_form: RevealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    action_forms = _action_forms(request, appeal)
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    # several forms on one page share field names (说明): ids per form, so each label finds its own field
    for key, form in action_forms.items():
        form.auto_id = f"id_{key}_%s"
    context = {
        "appeal": appeal,
        "timeline": appeal_timeline(appeal),
        "messages_list": appeal_messages(appeal),
        "attachments": appeal_attachments(appeal),
        "state_labels": STATE_LABELS,
        "requester_actions": REQUESTER_ACTIONS,
        "action_forms": [(key, ACTION_TITLES[key], form) for key, form in action_forms.items()],
        "open_action": bound[0] if bound else "",
        "marker": sla_marker(appeal, today),
        "running_due": current_due(appeal, today),
        "overdue_days": overdue_workdays(appeal, today),
        "phone_masked": mask_phone(appeal.contact_phone),
        "can_reveal": can_reveal_appeal(request.user, appeal),
        "reveal_form": reveal_form or RevealForm(),
        "revealed": revealed,
        # cards other apps add to the case page (困难职工帮扶: 由诉求建档)
        "record_panels": record_panels_for(request.user, appeal),
    }
    return render(request, "appeals/appeal_detail.html", context, status=status)


@desk_view
def appeal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    appeal = appeal_get_for_user(user=request.user, public_id=public_id)
    return _detail(request, appeal)


def _run_action(key: str, form: forms.Form, appeal: Appeal, actor: Actor) -> str:
    data = form.cleaned_data
    if key == "accept":
        services.appeal_accept(appeal=appeal, actor=actor, note=data["note"])
        return f"已受理诉求 {appeal.number}"
    if key == "reject":
        services.appeal_reject(appeal=appeal, actor=actor, reason=data["note"])
        return "已不予受理，申请人将收到通知"
    if key == "start":
        services.appeal_start(appeal=appeal, actor=actor)
        return "已开始办理"
    if key == "resume":
        services.appeal_resume(appeal=appeal, actor=actor, note=data["note"])
        return "已恢复计时，答复期限已顺延"
    if key == "reply":
        services.appeal_reply(appeal=appeal, actor=actor, body=data["body"])
        return "已答复，申请人将收到通知"
    if key == "materials":
        services.appeal_request_materials(appeal=appeal, actor=actor, note=data["note"])
        return "已通知申请人补充材料，办理期限暂停计时"
    if key == "assign":
        services.appeal_assign(appeal=appeal, handler=data["handler"], actor=actor)
        return f"已分派给 {data['handler']}"
    if key == "lawyer":
        services.appeal_assign_lawyer(appeal=appeal, lawyer=data["lawyer"], actor=actor)
        return "已更新指派律师"
    if key == "transfer":
        services.appeal_transfer(appeal=appeal, actor=actor, to_org=data["to_org"], reason=data["note"])
        return f"已转至 {data['to_org'].name} 办理"
    if key == "escalate":
        services.appeal_escalate(appeal=appeal, actor=actor, reason=data["note"])
        return "已上报上级工会"
    services.appeal_note(appeal=appeal, actor=actor, body=data["body"])
    return "已添加内部备注"


@require_POST
@desk_view
def appeal_act(request: AuthedRequest, public_id: str, action: str) -> HttpResponse:
    appeal = appeal_get_for_user(user=request.user, public_id=public_id)
    available = _action_forms(request, appeal)
    if action not in ACTION_TITLES:
        raise Http404
    allowed = (
        can_note_appeal(request.user, appeal) if action == "note" else can_handle_appeal(request.user, appeal)
    )
    if not allowed:
        raise PermissionDenied
    if action not in available:
        messages.error(request, f"当前状态“{appeal.get_status_display()}”下不能执行“{ACTION_TITLES[action]}”")
        return htmx_redirect(request, reverse("appeals:appeal_detail", args=[appeal.public_id]))
    blank = available[action]
    form_class = type(blank)
    extra: dict[str, Any] = {}
    if action == "assign":
        extra["users"] = selectors.appeal_handlers_for(appeal)
    elif action == "lawyer":
        extra["users"] = selectors.appeal_lawyers_for(appeal)
    elif action == "transfer":
        extra["orgs"] = selectors.appeal_transfer_targets(actor=request.user, appeal=appeal)
    form = form_class(request.POST, **extra)

    def target(_text: str) -> str:
        """The case again, or the desk when a transfer or escalation took it out of the user's sight."""
        if action in ("transfer", "escalate") and not appeal_visible_to(user=request.user, appeal=appeal):
            return reverse("appeals:appeal_list")
        return _detail_url(appeal)

    done = form_perform(
        request,
        form,
        lambda _data: _run_action(action, form, appeal, request.user),
        success=lambda text: text,
        then=target,
    )
    if done is not None:
        return done
    appeal.refresh_from_db()
    return _detail(request, appeal, bound=(action, form), status=422)


@sensitive_response
@require_POST
@desk_view
def appeal_reveal(request: AuthedRequest, public_id: str) -> HttpResponse:
    """A 维权督办 reveals an anonymous requester (audited with the reason); shown on this response only."""
    appeal = appeal_get_for_user(user=request.user, public_id=public_id)
    if not can_reveal_appeal(request.user, appeal):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            identity = services.appeal_identity_reveal(
                appeal=appeal,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _detail(request, appeal, revealed=identity)
    return _detail(request, appeal, reveal_form=form, status=422)


# --- overdue board and statistics -------------------------------------------------------------------------


@console_view(VIEW)
def appeal_overdue_board(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = overdue_board(user=request.user, today=today)
    for row in rows:
        _with_markers(row.appeals, today)
    return render(request, "appeals/overdue_board.html", {"rows": rows, "today": today})


@console_view(VIEW)
def appeal_stats_view(request: AuthedRequest) -> HttpResponse:
    params = stats_filters(user=request.user, params=request.GET)
    stats = appeal_stats(user=request.user, **params)
    root = params["root"]
    dates = {"start": f"{stats.start:%Y-%m-%d}", "end": f"{stats.end:%Y-%m-%d}"}
    page = statistics_context(
        title="诉求统计",
        url=reverse("appeals:appeal_stats"),
        export_url=reverse("spreadsheets:export_start", args=[APPEAL_STATS]),
        query=dates,
        export_query={**dates, "category": params["category"], "channel": params["channel"]},
        root=root,
        ancestors=[a for a in org_ancestors(root) if has_action(request.user, VIEW, a)],
        children=stats.by_org,
    )
    desk_url = reverse("appeals:appeal_list")
    category_urls = [f"{desk_url}?{urlencode({'category': row.key})}" for row in stats.by_category]
    context = {
        **page,
        "stats": stats,
        "params": params,
        "category_rows": list(zip(stats.by_category, category_urls, strict=True)),
        "charts": stats_charts(stats, child_urls=page["child_urls"], category_urls=category_urls),
        "roots": org_roots_for_user(user=request.user, action=VIEW),
        "channels": AppealChannel.choices,
        "categories": category_list(),
    }
    return render(request, "appeals/stats.html", context)


# --- categories and designations --------------------------------------------------------------------------


@desk_view
def category_list_view(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "appeals/category_list.html",
        {"categories": category_list(), "can_configure": has_action_anywhere(request.user, CONFIGURE)},
    )


@console_view(CONFIGURE)
def category_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    """The platform-wide category list and SLA periods (system administrators)."""
    category = category_get(pk=pk)
    form = CategoryForm(posted_data(request), instance=category)
    done = form_perform(
        request,
        form,
        lambda data: services.category_save(
            actor=request.user,
            # read again: the bound form has written its input onto `category`
            category=category_get(pk=pk),
            name=data["name"],
            accept_days=data["accept_days"],
            reply_days=data["reply_days"],
            is_restricted=data["is_restricted"],
            is_active=data["is_active"],
            order=data["order"],
            context=AuditContext.of(request),
        ),
        success="已保存诉求类别",
        then=reverse("appeals:category_list"),
    )
    return done or render(request, "appeals/category_form.html", {"form": form, "category": category})


@console_view(SUPERVISE)
def designation_list(request: AuthedRequest) -> HttpResponse:
    """限定类别办理人: who handles 女职工权益, 心理援助… in which union (维权督办)."""
    orgs = supervised_orgs(user=request.user)
    form = DesignationForm(posted_data(request), orgs=orgs)

    def designate(data: dict[str, Any]) -> str:
        user = designee_get_for_user(user=request.user, username=data["username"])
        if user is None:
            raise ValidationError({"username": DESIGNEE_NOT_FOUND})
        services.designation_create(
            actor=request.user,
            user=user,
            org=data["org"],
            category=data["category"],
            context=AuditContext.of(request),
        )
        return f"已指定 {user} 办理{data['category'].name}诉求"

    done = form_perform(
        request, form, designate, success=lambda text: text, then=reverse("appeals:designation_list")
    )
    if done is not None:
        return done
    page = paginate(request, designation_list_for_user(user=request.user))
    return render(
        request,
        "appeals/designation_list.html",
        {"form": form, "page": page, "querystring": query_without_page(request)},
    )


@require_POST
@desk_view
def designation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    designation = designation_get_for_user(user=request.user, pk=pk)
    try:
        services.designation_delete(
            actor=request.user, designation=designation, context=AuditContext.of(request)
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已取消指定")
    return htmx_redirect(request, reverse("appeals:designation_list"))
