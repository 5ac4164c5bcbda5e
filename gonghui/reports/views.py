"""报送 pages: the tasks a union sends (list, define, board) and the submissions it is asked for (inbox, fill in,
退回 / 通过). Thin: selectors read, services write. The aggregate export is the `report_aggregate` exporter
(`spreadsheets.py`), served by `spreadsheets:export_start`."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from .choices import (
    ConsolidationAction,
    FieldType,
    ReportKind,
    SubmissionAction,
    SubmissionStatus,
    TaskAction,
    TaskStatus,
)
from .forms import (
    ExcelSubmissionForm,
    ReasonForm,
    TaskForm,
    remap_errors,
    submission_form,
    task_form_initial,
)
from .models import ReportConsolidation, ReportSubmission, ReportTask
from .permissions import MANAGE, SUBMIT, VIEW, is_recipient_cadre, is_reviewer
from .selectors import (
    SIDES,
    consolidation_get_for_user,
    consolidation_rows,
    inbox_counts,
    sender_orgs_for_user,
    submission_decision,
    submission_files,
    submission_get_for_user,
    submission_list_for_user,
    submission_withheld,
    target_org_choices,
    task_board,
    task_get_for_user,
    task_list_for_user,
    task_template,
)
from .services import (
    TaskInput,
    report_consolidation_pass_up,
    report_consolidation_return,
    report_submission_accept,
    report_submission_mark_read,
    report_submission_return,
    report_submission_save_draft,
    report_submission_submit,
    report_task_close,
    report_task_create,
    report_task_delete,
    report_task_publish,
    report_task_remind,
    report_task_update,
)
from .workflows import (
    CONSOLIDATION_WORKFLOW,
    consolidation_available_actions,
    submission_available_actions,
    submission_may_fill_in,
    task_available_actions,
)

TASK_STATE_LABELS = dict(TaskStatus.choices)
SUBMISSION_STATE_LABELS = dict(SubmissionStatus.choices)


def _detail_url(task: ReportTask) -> str:
    return reverse("reports:task_detail", args=[task.public_id])


def _submission_url(submission: ReportSubmission) -> str:
    return reverse("reports:submission_detail", args=[submission.public_id])


# --- tasks ------------------------------------------------------------------------------------------------


@console_view(VIEW)
def task_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in TaskStatus.values:
        status = ""
    side = request.GET.get("side", "")
    if side not in SIDES:
        side = ""
    query = request.GET.get("q", "").strip()[:50]
    page = paginate(request, task_list_for_user(user=request.user, status=status, query=query, side=side))
    context: dict[str, Any] = {
        "page": page,
        "status": status,
        "side": side,
        "query": query,
        "statuses": TaskStatus.choices,
        "sides": SIDES.items(),
        "querystring": query_without_page(request),
        "can_create": has_action_anywhere(request.user, MANAGE),
        "can_submit": has_action_anywhere(request.user, SUBMIT),
    }
    if htmx_partial(request):
        return render(request, "reports/partials/task_table.html", context)
    return render(request, "reports/task_list.html", context)


def _task_form(request: AuthedRequest, **kwargs: Any) -> TaskForm:
    data = posted_data(request)
    return TaskForm(
        data,
        request.FILES if data is not None else None,
        senders=sender_orgs_for_user(request.user),
        target_orgs=list(target_org_choices(request.user)),
        **kwargs,
    )


def _task_input(form: TaskForm, data: dict[str, Any]) -> TaskInput:
    return TaskInput(
        title=data["title"],
        instructions=data["instructions"],
        kind=data["kind"],
        deadline=data["deadline"],
        targets=form.targets(),
        fields=data["fields"],
        consolidate=bool(data.get("consolidate")),  # the task form's 逐级审核汇总 box, when it has one
    )


@console_view(MANAGE)
def task_create(request: AuthedRequest) -> HttpResponse:
    current = current_org(request)
    form = _task_form(request, initial={"org": getattr(current, "code", ""), "scope_kind": "children"})

    def perform(data: dict[str, Any]) -> ReportTask:
        try:
            return report_task_create(
                org=form.sender(), actor=request.user, data=_task_input(form, data), template=data["template"]
            )
        except ValidationError as exc:
            raise remap_errors(exc) from None

    done = form_perform(
        request,
        form,
        perform,
        success="报送任务已保存为草稿，检查无误后请点击“下发”",
        then=_detail_url,
    )
    if done is not None:
        return done
    return render(request, "reports/task_form.html", {"form": form, "task": None})


@console_view(MANAGE)
def task_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    if TaskAction.EDIT not in task_available_actions(task, request.user):
        messages.error(request, "只有草稿可以修改，已下发的报送任务不能再修改")
        return redirect(_detail_url(task))
    form = _task_form(request, initial=task_form_initial(task))
    form.fields["org"].disabled = True

    def perform(data: dict[str, Any]) -> ReportTask:
        try:
            return report_task_update(
                task=task,
                actor=request.user,
                data=_task_input(form, data),
                template=data["template"],
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            raise remap_errors(exc) from None

    done = form_perform(request, form, perform, success="已保存", then=_detail_url(task))
    if done is not None:
        return done
    return render(
        request, "reports/task_form.html", {"form": form, "task": task, "template_file": task_template(task)}
    )


@console_view(VIEW)
def task_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id)
    board = task_board(task=task, user=request.user, under=request.GET.get("under", "")[:20])
    context: dict[str, Any] = {
        "task": task,
        "board": board,
        "today": timezone.localdate(),
        "state_labels": SUBMISSION_STATE_LABELS,
    }
    if htmx_partial(request):
        return render(request, "reports/partials/board.html", context)
    context.update(
        consolidations=[
            (row, consolidation_available_actions(row.consolidation, request.user))
            for row in consolidation_rows(task=task, user=request.user)
        ],
        actions=task_available_actions(task, request.user),
        template_file=task_template(task),
        timeline=timeline_for(task),
        task_state_labels=TASK_STATE_LABELS,
    )
    return render(request, "reports/task_detail.html", context)


@require_POST
@console_view(MANAGE)
def task_publish(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: report_task_publish(task=task, actor=request.user),
        success=lambda count: f"已下发至 {count} 个单位",
        back=_detail_url(task),
    )


@require_POST
@console_view(MANAGE)
def task_delete(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: report_task_delete(task=task, actor=request.user, context=AuditContext.of(request)),
        success=f"已删除草稿“{task.title}”",
        back=_detail_url(task),
        then=lambda _: reverse("reports:task_list"),
    )


@require_POST
@console_view(MANAGE)
def task_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: report_task_close(task=task, actor=request.user),
        success="报送已结束",
        back=_detail_url(task),
    )


@require_POST
@console_view(MANAGE)
def task_remind(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = task_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: report_task_remind(task=task, actor=request.user),
        success=lambda count: f"已向 {count} 个未报送的单位发送催报提醒",
        back=_detail_url(task),
    )


# --- inbox and submissions --------------------------------------------------------------------------------


@console_view(SUBMIT)
def inbox(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in (*SubmissionStatus.values, "open", "all"):
        status = "open"
    own_only = request.GET.get("scope", "own") != "subtree"
    query = request.GET.get("q", "").strip()[:50]
    page = paginate(
        request,
        submission_list_for_user(
            user=request.user, status="" if status == "all" else status, query=query, own_only=own_only
        ),
    )
    context: dict[str, Any] = {
        "page": page,
        "status": status,
        "own_only": own_only,
        "query": query,
        "statuses": SubmissionStatus.choices,
        "counts": inbox_counts(user=request.user),
        "today": timezone.localdate(),
        "querystring": query_without_page(request),
    }
    if htmx_partial(request):
        return render(request, "reports/partials/inbox_table.html", context)
    return render(request, "reports/inbox.html", context)


def _fill_form(submission: ReportSubmission, request: AuthedRequest) -> Any:
    post = posted_data(request)
    files = request.FILES if post is not None else None
    if submission.task.kind == ReportKind.EXCEL:
        return ExcelSubmissionForm(post, files)
    answers = dict(submission.data)
    # a 暂存 draft comes back on the form of the recipient's own cadres (never on a union's above it)
    if is_recipient_cadre(request.user, submission) or submission.draft_saved_by_id == request.user.pk:
        answers.update(submission.draft)
    initial = {k: v for k, v in answers.items() if not isinstance(v, dict)}
    uploaded = frozenset(k for k, v in answers.items() if isinstance(v, dict))
    return submission_form(submission.task.fields, post, files, initial=initial, uploaded=uploaded)


DRAFT_BUTTON = "save_draft"  # the name of the fill-in form's 暂存 button


def _submit(
    submission: ReportSubmission, actor: Actor, data: dict[str, Any], *, draft: bool = False
) -> ReportSubmission:
    """报送 what the fill-in form holds: the filled template, or the values and the uploaded files (暂存 keeps
    the values and files without submitting them)."""
    if draft:
        return report_submission_save_draft(
            submission=submission,
            actor=actor,
            values={k: v for k, v in data.items() if not hasattr(v, "read")},
            files={k: v for k, v in data.items() if hasattr(v, "read")},
        )
    if submission.task.kind == ReportKind.EXCEL:
        return report_submission_submit(submission=submission, actor=actor, filled=data["filled"])
    return report_submission_submit(
        submission=submission,
        actor=actor,
        values={k: v for k, v in data.items() if not hasattr(v, "read")},
        files={k: v for k, v in data.items() if hasattr(v, "read")},
    )


def _answers(submission: ReportSubmission) -> list[dict[str, Any]]:
    """The stored values next to their labels, file fields with their attachment."""
    files = submission_files(submission) if submission.data else {}
    rows = []
    for item in submission.task.fields:
        value = submission.data.get(item["key"])
        attachment = files.get(value.get("attachment", "")) if isinstance(value, dict) else None
        rows.append(
            {
                "label": item["label"],
                "is_file": item["type"] == FieldType.FILE,
                "value": value if not isinstance(value, dict) else value.get("name", ""),
                "attachment": attachment,
            }
        )
    return rows


@console_view()
def submission_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The recipient fills in here (POST submits); the sender and intermediate unions see the answer and
    may 退回 or 通过 it."""
    submission = submission_get_for_user(user=request.user, public_id=public_id)
    posted = request.method == "POST"
    if posted and not has_action_anywhere(request.user, SUBMIT):
        raise PermissionDenied
    if posted and not submission_may_fill_in(submission, request.user):
        messages.error(request, "当前不能报送：任务已结束、本单位已报送，或您没有报送权限")
        return redirect(_submission_url(submission))
    form = _fill_form(submission, request)
    draft = posted and DRAFT_BUTTON in request.POST
    done = form_perform(
        request,
        form,
        lambda data: _submit(submission, request.user, data, draft=draft),
        success="已暂存，尚未报送；填好后请点击“报送”" if draft else "已报送",
        then=_submission_url(submission),
    )
    if done is not None:
        return done
    if not posted:
        report_submission_mark_read(submission=submission, actor=request.user)
    files = submission_files(submission) if submission.data else {}
    withheld = submission_withheld(submission, request.user)
    return render(
        request,
        "reports/submission_detail.html",
        {
            "withheld": withheld,
            "submission": submission,
            "task": submission.task,
            "form": form,
            "actions": [
                a
                for a in submission_available_actions(submission, request.user)
                if a != SubmissionAction.SAVE_DRAFT
            ],
            "may_fill_in": submission_may_fill_in(submission, request.user),
            "may_save_draft": SubmissionAction.SAVE_DRAFT
            in submission_available_actions(submission, request.user)
            and submission.task.kind == ReportKind.FORM,
            "answers": [] if withheld else _answers(submission),
            "decision": submission_decision(submission),
            # the recipient came from 待我报送; the sender and the unions between came from the task
            "from_inbox": is_recipient_cadre(request.user, submission)
            and not is_reviewer(request.user, submission),
            "filled_file": files.get(str(submission.data.get("attachment", ""))),
            "template_file": task_template(submission.task),
            "timeline": timeline_for(submission),
            "state_labels": SUBMISSION_STATE_LABELS,
        },
        status=400 if posted else 200,
    )


@console_view(MANAGE)
def submission_return(request: AuthedRequest, public_id: str) -> HttpResponse:
    submission = submission_get_for_user(user=request.user, public_id=public_id)
    if not is_reviewer(request.user, submission):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: report_submission_return(submission=submission, actor=request.user, reason=data["note"]),
        success=f"已退回{submission.org.name}的报送",
        then=_submission_url(submission),
    )
    if done is not None:
        return done
    return render(
        request,
        "reports/submission_return.html",
        {
            "submission": submission,
            "form": form,
            "allowed": SubmissionAction.RETURN in submission_available_actions(submission, request.user),
        },
    )


@require_POST
@console_view(MANAGE)
def submission_accept(request: AuthedRequest, public_id: str) -> HttpResponse:
    submission = submission_get_for_user(user=request.user, public_id=public_id)
    return button_perform(
        request,
        lambda: report_submission_accept(submission=submission, actor=request.user),
        success="已审核通过",
        back=_submission_url(submission),
    )


# --- 逐级审核汇总 -------------------------------------------------------------------------------------------


def _consolidation_back(consolidation: ReportConsolidation) -> str:
    return _detail_url(consolidation.task)


@require_POST
@console_view(MANAGE)
def consolidation_pass_up(request: AuthedRequest, public_id: str) -> HttpResponse:
    """上报汇总 (the task page's button; 确认缺报并上报 posts `confirm_missing`)."""
    consolidation = consolidation_get_for_user(user=request.user, public_id=public_id)
    confirm = request.POST.get("confirm_missing") == "1"
    return button_perform(
        request,
        lambda: report_consolidation_pass_up(
            consolidation=consolidation, actor=request.user, confirm_missing=confirm
        ),
        success=f"{consolidation.org.name}的汇总已上报至{consolidation.task.org.name}",
        back=_consolidation_back(consolidation),
    )


@console_view(MANAGE)
def consolidation_return(request: AuthedRequest, public_id: str) -> HttpResponse:
    """退回汇总 with a reason: the sender's page for one union's consolidation."""
    consolidation = consolidation_get_for_user(user=request.user, public_id=public_id)
    if not CONSOLIDATION_WORKFLOW.permits(consolidation, ConsolidationAction.RETURN, request.user):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: report_consolidation_return(
            consolidation=consolidation, actor=request.user, reason=data["note"]
        ),
        success=f"已退回{consolidation.org.name}的汇总",
        then=_consolidation_back(consolidation),
    )
    if done is not None:
        return done
    return render(
        request,
        "reports/consolidation_return.html",
        {
            "consolidation": consolidation,
            "task": consolidation.task,
            "form": form,
            "allowed": ConsolidationAction.RETURN
            in consolidation_available_actions(consolidation, request.user),
        },
    )
