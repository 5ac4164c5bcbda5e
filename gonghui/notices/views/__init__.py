"""Console pages of 公示管理: the list (search, state filter, pagination), create and edit a draft (entries one per
line), publish (start date, with confirmation), cancel with a reason, the detail with its objections (answer, and
the audited reveal of an anonymous contact), and the A4 print view."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import apply_validation_error, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..choices import NoticeAction, NoticeStatus, WindowUnit
from ..forms import AnswerForm, NoticeFilterForm, NoticeForm, PublishForm, ReasonForm, entry_lines_of
from ..models import Notice, Objection
from ..owners import ORG_KIND, kind_label
from ..permissions import MANAGE, VIEW, can_manage_notice
from ..selectors import (
    notice_entries,
    notice_get_visible_or_404,
    notice_list_for_user,
    notice_objections,
    objection_get_visible_or_404,
)
from ..services import (
    notice_cancel,
    notice_create,
    notice_publish,
    notice_update,
    objection_answer,
    objection_contact_reveal,
)
from ..workflows import NOTICE_WORKFLOW, notice_buttons

STATUS_BADGES = {
    NoticeStatus.DRAFT: "bg-secondary-lt",
    NoticeStatus.PUBLISHED: "bg-green-lt",
    NoticeStatus.CLOSED: "bg-blue-lt",
    NoticeStatus.CANCELLED: "bg-red-lt",
}


def _managed_orgs(request: AuthedRequest) -> Any:
    return Org.objects.visible_to(request.user, MANAGE).filter(status="active").order_by("path")


def _require_manager(request: AuthedRequest, notice: Notice) -> None:
    if not can_manage_notice(request.user, notice):
        raise PermissionDenied


@console_view(VIEW)
def notice_list(request: AuthedRequest) -> HttpResponse:
    form = NoticeFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    notices = notice_list_for_user(request.user, query=filters.get("q", ""), status=filters.get("status", ""))
    context = {
        "form": form,
        "page": paginate(request, notices),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "can_create": _managed_orgs(request).exists(),
    }
    if htmx_partial(request):
        return render(request, "notices/partials/notice_table.html", context)
    return render(request, "notices/notice_list.html", context)


@console_view(MANAGE)
def notice_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = _managed_orgs(request)
    form = NoticeForm(posted_data(request), orgs=orgs, initial={"org": orgs.first()})

    def perform(data: dict[str, Any]) -> Notice:
        return notice_create(
            kind=ORG_KIND,
            owner=data["org"],
            org=data["org"],
            title=data["title"],
            body=data["body"],
            window_length=data["window_length"],
            entries=data["entries"],
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success="公示草稿已保存，核对后请发布",
        then=lambda notice: reverse("notices:detail", args=[notice.public_id]),
    )
    return done or render(request, "notices/notice_form.html", {"form": form, "notice": None})


@console_view(VIEW)
def notice_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    notice = notice_get_visible_or_404(request.user, public_id)
    if not NOTICE_WORKFLOW.permits(notice, NoticeAction.EDIT, request.user):
        raise PermissionDenied
    back = reverse("notices:detail", args=[notice.public_id])
    if notice.status != NoticeStatus.DRAFT:
        return redirect(back)
    initial = {
        "title": notice.title,
        "body": notice.body,
        "window_length": notice.window_length,
        "entries": entry_lines_of(notice_entries(notice)),
    }
    form = NoticeForm(
        posted_data(request),
        editing=True,
        entries_editable=notice.kind == ORG_KIND,
        unit_label=str(WindowUnit(notice.window_unit).label),
        initial=initial,
    )
    done = form_perform(
        request,
        form,
        lambda data: notice_update(
            notice=notice,
            title=data["title"],
            body=data["body"],
            window_length=data["window_length"],
            entries=data.get("entries"),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="公示草稿已修改",
        then=back,
    )
    return done or render(request, "notices/notice_form.html", {"form": form, "notice": notice})


def _detail(
    request: AuthedRequest,
    notice: Notice,
    *,
    revealed: tuple[int, str] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    manager = can_manage_notice(request.user, notice)
    context = {
        "notice": notice,
        "kind_label": kind_label(notice.kind),
        "entries": notice_entries(notice),
        "objections": notice_objections(notice),
        "buttons": notice_buttons(notice, request.user),
        "can_answer": manager and notice.status != NoticeStatus.CANCELLED,
        "can_reveal": manager,
        "revealed_id": revealed[0] if revealed else None,
        "revealed_contact": revealed[1] if revealed else "",
        "badges": STATUS_BADGES,
        "timeline": timeline_for(notice),
        "reveal_form": extra.pop("reveal_form", None) or ReasonForm(),
        **extra,
    }
    return render(request, "notices/notice_detail.html", context, status=status)


@console_view(VIEW)
def notice_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return _detail(request, notice_get_visible_or_404(request.user, public_id))


@console_view(VIEW)
def notice_publish_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    notice = notice_get_visible_or_404(request.user, public_id)
    if not NOTICE_WORKFLOW.permits(notice, NoticeAction.PUBLISH, request.user):
        raise PermissionDenied
    back = reverse("notices:detail", args=[notice.public_id])
    if notice.status != NoticeStatus.DRAFT:
        return redirect(back)
    form = PublishForm(posted_data(request), initial={"starts_on": timezone.localdate()})
    done = form_perform(
        request,
        form,
        lambda data: notice_publish(
            notice=notice, starts_on=data["starts_on"], actor=request.user, context=AuditContext.of(request)
        ),
        success=lambda published: f"公示已发布，{published.ends_on:%Y-%m-%d} 截止",
        then=back,
    )
    context = {"notice": notice, "form": form, "entry_count": notice_entries(notice).count()}
    return done or render(request, "notices/notice_publish.html", context)


@console_view(VIEW)
def notice_cancel_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    notice = notice_get_visible_or_404(request.user, public_id)
    if not NOTICE_WORKFLOW.permits(notice, NoticeAction.CANCEL, request.user):
        raise PermissionDenied
    back = reverse("notices:detail", args=[notice.public_id])
    if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
        return redirect(back)
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: notice_cancel(
            notice=notice, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success="公示已撤销",
        then=back,
    )
    return done or render(request, "notices/notice_cancel.html", {"notice": notice, "form": form})


@console_view(VIEW)
def objection_answer_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    objection = objection_get_visible_or_404(request.user, public_id)
    notice = objection.notice
    _require_manager(request, notice)
    back = reverse("notices:detail", args=[notice.public_id])
    if not objection.is_open or notice.status == NoticeStatus.CANCELLED:
        return redirect(back)
    form = AnswerForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: objection_answer(
            objection=objection,
            outcome=data["outcome"],
            answer=data["answer"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda answered: f"异议 {answered.number} 已答复",
        then=back,
    )
    context = {"objection": objection, "notice": notice, "form": form}
    return done or render(request, "notices/objection_answer.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def objection_reveal(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """An anonymous objector's contact, for a handler who gives a reason (audited); shown on this response only."""
    objection: Objection = objection_get_visible_or_404(request.user, public_id)
    notice = notice_get_visible_or_404(request.user, objection.notice.public_id)
    _require_manager(request, notice)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            contact = objection_contact_reveal(
                objection=objection,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _detail(request, notice, revealed=(objection.pk, contact))
    return _detail(request, notice, reveal_form=form, reveal_target=objection.pk, status=422)


@console_view(VIEW)
def notice_print(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The A4 公示 page: title, body, the listed entries, the window, the publishing union and date."""
    notice = notice_get_visible_or_404(request.user, public_id)
    if notice.status not in (NoticeStatus.PUBLISHED, NoticeStatus.CLOSED):
        return redirect("notices:detail", public_id=notice.public_id)
    entries = [entry for entry in notice_entries(notice) if entry.is_listed]
    return render(request, "notices/notice_print.html", {"notice": notice, "entries": entries})
