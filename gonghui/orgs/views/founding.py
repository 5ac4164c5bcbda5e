"""建会 pages of the console: the register of units (list, register, edit, detail with its timeline) and
one confirmation page per step of the flow. Thin: orgs/selectors.py reads, orgs/services/founding.py writes."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import FOUNDING_FORM_ACTIONS, FoundingAction, FoundingStatus, UnitCategory
from ..forms.founding import CompleteForm, FoundForm, FoundingForm, NoteForm
from ..models import UnionFounding
from ..permissions import MANAGE, can_manage_founding
from ..selectors import (
    VIEW,
    committees_missing,
    committees_of,
    founding_get_for_user,
    founding_list_for_user,
    founding_status_counts,
    founding_supervisors_for_user,
)
from ..services.founding import (
    founding_complete,
    founding_found,
    founding_register,
    founding_transition,
    founding_update,
    founding_workflow,
)

PRIVATE_CHOICES = (("yes", "民办"), ("no", "非民办"))
# Button style per action on the detail page.
ACTION_STYLES = {FoundingAction.REJECT: "btn-outline-danger", FoundingAction.FOUND: "btn-success"}
STATUS_BADGES = {
    FoundingStatus.NOT_FOUNDED: "bg-secondary-lt",
    FoundingStatus.APPLIED: "bg-azure-lt",
    FoundingStatus.REJECTED: "bg-red-lt",
    FoundingStatus.FOUNDED: "bg-green-lt",
    FoundingStatus.COMMITTEES_FORMED: "bg-green-lt",
    FoundingStatus.COMPLETE: "bg-green-lt",
}


def action_slug(action: str) -> str:
    return str(action).replace("_", "-")


def _action_from_slug(slug: str) -> FoundingAction:
    value = slug.replace("-", "_")
    if value not in FoundingAction.values or value == FoundingAction.REGISTER:
        raise Http404
    return FoundingAction(value)


def _status_labels() -> dict[str, str]:
    return {str(s.value): str(s.label) for s in FoundingStatus}


def _timeline(founding: UnionFounding) -> list[dict[str, Any]]:
    labels = _status_labels()
    return [
        {
            "action": entry.action,
            "action_label": entry.action_label,
            "actor": entry.actor,
            "created_at": entry.created_at,
            "from_state": labels.get(entry.from_state, entry.from_state),
            "to_state": labels.get(entry.to_state, entry.to_state),
            "note": entry.note,
        }
        for entry in timeline_for(founding)
    ]


@console_view(VIEW)
def founding_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    private = request.GET.get("private", "")
    category = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()
    filters: dict[str, Any] = {
        "user": request.user,
        "unit_category": category if category in UnitCategory.values else "",
        "is_private": {"yes": True, "no": False}.get(private),
        "query": query,
    }
    counts = founding_status_counts(founding_list_for_user(**filters))
    page = paginate(
        request,
        founding_list_for_user(**filters, status=status if status in FoundingStatus.values else ""),
    )
    context = {
        "page": page,
        "querystring": query_without_page(request),
        "status": status,
        "private": private,
        "category": category,
        "query": query,
        "statuses": [(value, label, counts[value]) for value, label in FoundingStatus.choices],
        "total": sum(counts.values()),
        "private_choices": PRIVATE_CHOICES,
        "categories": UnitCategory.choices,
        "badges": STATUS_BADGES,
        "can_register": founding_supervisors_for_user(user=request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "orgs/founding/partials/founding_table.html", context)
    return render(request, "orgs/founding/founding_list.html", context)


@console_view(MANAGE)
def founding_create(request: AuthedRequest) -> HttpResponse:
    supervisors = founding_supervisors_for_user(user=request.user)
    if not supervisors.exists():
        raise PermissionDenied
    here = current_org(request)
    initial = {"org": here.pk} if here is not None and supervisors.filter(pk=here.pk).exists() else {}
    form = FoundingForm(posted_data(request), supervisors=supervisors, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: founding_register(
            org=data["org"], actor=request.user, data={k: v for k, v in data.items() if k != "org"}
        ),
        success=lambda founding: f"已登记 {founding.unit_name}",
        then=_detail_url,
    )
    if done is not None:
        return done
    return render(request, "orgs/founding/founding_form.html", {"form": form, "title": "登记单位"})


@console_view(VIEW)
def founding_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    founding = founding_get_for_user(user=request.user, public_id=public_id)
    actions = [
        {
            "slug": action_slug(t.action),
            "label": t.action.label,
            "style": ACTION_STYLES.get(t.action, "btn-primary"),  # type: ignore[call-overload]
        }
        for t in founding_workflow.available_actions(founding, request.user)
    ]
    union = founding.founded_org
    context = {
        "founding": founding,
        "actions": actions,
        "can_manage": can_manage_founding(request.user, founding),
        "timeline": _timeline(founding),
        "badges": STATUS_BADGES,
        # 三委同步组建: the new union's committees, recorded from here while the step is open
        "committees": committees_of(union) if union is not None else [],
        "committees_missing": committees_missing(union) if union is not None else [],
        "committees_step": founding.status == FoundingStatus.FOUNDED,
    }
    return render(request, "orgs/founding/founding_detail.html", context)


@console_view(MANAGE)
def founding_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    founding = founding_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = FoundingForm(posted_data(request), instance=founding)
    done = form_perform(
        request,
        form,
        # the form has written its data onto `founding`: the service compares against the row as stored
        lambda data: founding_update(
            founding=founding_get_for_user(user=request.user, public_id=public_id, action=MANAGE),
            actor=request.user,
            data=data,
        ),
        success="已保存",
        then=_detail_url,
    )
    if done is not None:
        return done
    return render(
        request,
        "orgs/founding/founding_form.html",
        {"form": form, "founding": founding, "title": "修改登记信息"},
    )


def _detail_url(founding: UnionFounding) -> str:
    return reverse("orgs:founding_detail", args=[founding.public_id])


def _action_form(action: FoundingAction, data: Any, founding: UnionFounding) -> Any:
    if action == FoundingAction.FOUND:
        initial = {"name": f"{founding.unit_name}工会"}
        return FoundForm(data, initial=initial)
    if action == FoundingAction.COMPLETE:
        union = founding.founded_org
        # the 工会委员会 recorded at 三委同步组建 has set the union's term already
        known: dict[str, Any] = (
            {
                "chair_name": union.chair_name,
                "term_started_on": union.term_started_on,
                "term_ends_on": union.term_ends_on,
            }
            if union is not None
            else {}
        )
        return CompleteForm(data, initial=known)
    return NoteForm(data)


def _apply(action: FoundingAction, founding: UnionFounding, actor: Actor, data: dict[str, Any]) -> None:
    if action == FoundingAction.FOUND:
        founding_found(founding=founding, actor=actor, **data)
    elif action == FoundingAction.COMPLETE:
        founding_complete(founding=founding, actor=actor, **data)
    else:
        founding_transition(founding=founding, action=action, actor=actor, note=data["note"])


@console_view(MANAGE)
def founding_action(request: AuthedRequest, public_id: Any, action: str) -> HttpResponse:
    step = _action_from_slug(action)
    founding = founding_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    if not founding_workflow.can(founding, step, request.user):
        messages.error(request, f"当前状态“{founding.get_status_display()}”下不能执行“{step.label}”")
        return htmx_redirect(request, _detail_url(founding))
    form = _action_form(step, posted_data(request), founding)
    done = form_perform(
        request,
        form,
        lambda data: _apply(step, founding, request.user, data),
        success=f"已办理：{step.label}",
        then=_detail_url(founding),
    )
    if done is not None:
        return done
    transition = founding_workflow.transition_for(step)
    return render(
        request,
        "orgs/founding/founding_action.html",
        {
            "founding": founding,
            "form": form,
            "step": step,
            "target_label": FoundingStatus(transition.target).label,
            "note_required": transition.note_required,
            "has_own_form": step in FOUNDING_FORM_ACTIONS,
            "committees_missing": (
                committees_missing(founding.founded_org)
                if step == FoundingAction.FORM_COMMITTEES and founding.founded_org is not None
                else []
            ),
        },
    )
