"""报送 writes: define and publish a task, fill in and (re)submit, 退回 and 通过, reminders.

Every service is keyword-only, takes the actor explicitly, runs in one transaction and writes its timeline
row there; state changes go through the workflows below."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import DEFAULT_POLICY, attachment_check
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.calendars.workdays import workdays_between
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction, TimelineEntry
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, targets_expand

from .choices import (
    OPEN_SUBMISSION,
    ConsolidationAction,
    ConsolidationStatus,
    FieldType,
    ReportKind,
    SubmissionAction,
    SubmissionStatus,
    TaskAction,
    TaskStatus,
)
from .events import (
    submission_draft_saved_event,
    submission_reminded_event,
    task_created_event,
    task_edited_event,
    task_reminded_event,
)
from .fields import field_values_clean, fields_validate
from .models import ReportConsolidation, ReportSubmission, ReportTask
from .permissions import (
    MANAGE,
    SUBMIT,
    can_manage_task,
    consolidation_of,
    is_recipient_cadre,
    reviewer_org,
)
from .selectors import consolidated_submissions, open_submissions, recipient_users, still_open
from .sheets import XLSX_POLICY, filled_sheet_read, template_headers_checked
from .workflows import CONSOLIDATION_WORKFLOW, SUBMISSION_WORKFLOW, TASK_WORKFLOW

REMIND_BEFORE_WORKDAYS = 2
MAX_TITLE = 100


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- recipients -------------------------------------------------------------------------------------------


def _notify_orgs(submissions: Sequence[ReportSubmission], *, title: str, body: str) -> int:
    users = recipient_users([s.org_id for s in submissions])
    sent = 0
    for submission in submissions:
        people = users.get(submission.org_id, [])
        if people:
            notify(
                recipients=people,
                title=title,
                body=body,
                url=reverse("reports:submission_detail", args=[submission.public_id]),
                category="reports",
            )
            sent += 1
    return sent


# --- tasks ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskInput:
    """What the sender defines (shape checked by the form; rules checked here)."""

    title: str
    instructions: str
    kind: str
    deadline: dt.date
    targets: Sequence[OrgTarget]
    fields: Sequence[Mapping[str, Any]] = ()
    consolidate: bool = False  # 逐级审核汇总


def _clean_input(*, org: Org, data: TaskInput, has_template: bool) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join(data.title.split())
    if not title:
        errors.setdefault("title", []).append("请填写标题")
    elif len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(f"标题不能超过 {MAX_TITLE} 个字")
    if data.kind not in ReportKind.values:
        errors.setdefault("kind", []).append("请选择报送方式")
    if data.deadline < timezone.localdate():
        errors.setdefault("deadline", []).append("截止日期不能早于今天")
    if not data.targets:
        errors.setdefault("targets", []).append("请选择报送对象")
    else:
        try:
            if not targets_expand(data.targets, within=org).exists():
                errors.setdefault("targets", []).append("所选范围内没有可报送的下级组织")
        except ValidationError as exc:
            errors.setdefault("targets", []).extend(exc.messages)
    fields = [dict(f) for f in data.fields] if data.kind == ReportKind.FORM else []
    if data.kind == ReportKind.FORM:
        if not fields:
            errors.setdefault("fields", []).append("在线填报至少需要一个字段")
        else:
            try:
                fields_validate(fields)
            except ValidationError as exc:
                errors.setdefault("fields", []).extend(exc.messages)
    if data.kind == ReportKind.EXCEL and not has_template:
        errors.setdefault("template", []).append("请上传 Excel 模板（.xlsx）")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "instructions": data.instructions.strip(),
        "kind": data.kind,
        "deadline": data.deadline,
        "targets": [t.as_dict() for t in data.targets],
        "fields": fields,
        "consolidate": bool(data.consolidate),
    }


def _notify_managers(org_id: int, *, title: str, body: str, url: str) -> None:
    """A 报送 message to the cadres who manage reports for the org (nobody there: nothing sent)."""
    managers = recipient_users([org_id], action=MANAGE).get(org_id, [])
    if managers:
        notify(recipients=managers, title=title, body=body, url=url, category="reports")


@transaction.atomic
def report_task_create(
    *, org: Org, actor: Actor, data: TaskInput, template: UploadedFile[bytes] | None = None
) -> ReportTask:
    """A draft task of `org` (the sender). An Excel task needs its template (.xlsx) now; its header row is
    kept on the task to check the filled copies against."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    headers = template_headers_checked(template) if data.kind == ReportKind.EXCEL else None
    values = _clean_input(org=org, data=data, has_template=headers is not None)
    task = ReportTask.objects.create(
        org=org,
        created_by=actor if getattr(actor, "pk", None) else None,
        template_headers=headers or [],
        **values,
    )
    if template is not None and headers is not None:
        attachment_save(owner=task, org=org, upload=template, actor=actor, policy=XLSX_POLICY)
    task_created_event(task=task, actor=actor)
    return task


FIELD_LABELS = {
    "title": "标题",
    "instructions": "填报说明",
    "kind": "报送方式",
    "deadline": "截止日期",
    "targets": "报送对象",
    "fields": "表单字段",
    "template_headers": "Excel 模板",
    "consolidate": "逐级审核汇总",
}


@transaction.atomic
def report_task_update(
    *,
    task: ReportTask,
    actor: Actor,
    data: TaskInput,
    template: UploadedFile[bytes] | None = None,
    context: AuditContext | None = None,
) -> ReportTask:
    """Edit a draft (a published task is fixed: its recipients are already answering it)."""
    task = lock(ReportTask, pk=task.pk, related=("org",))
    if not can_manage_task(actor, task):
        raise PermissionDenied
    if not TASK_WORKFLOW.can(task, TaskAction.EDIT, actor):
        raise ValidationError("只有草稿可以修改，已下发的报送任务不能再修改")
    headers = template_headers_checked(template) if data.kind == ReportKind.EXCEL else None
    has_template = headers is not None or bool(task.template_headers)
    values = _clean_input(org=task.org, data=data, has_template=has_template)
    values["template_headers"] = (headers or task.template_headers) if data.kind == ReportKind.EXCEL else []
    changed = [name for name, value in values.items() if getattr(task, name) != value]
    if template is not None and headers is not None:
        attachment_save(owner=task, org=task.org, upload=template, actor=actor, policy=XLSX_POLICY)
        if "template_headers" not in changed:
            changed.append("template_headers")
    if not changed:
        return task
    for name, value in values.items():
        setattr(task, name, value)
    task.save(update_fields=[*values, "updated_at"])
    task_edited_event(task=task, actor=actor, changed=[FIELD_LABELS[c] for c in changed])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"修改报送任务“{task.title}”",
        actor=actor,
        context=context,
        subject=task,
        org_id=task.org_id,
        detail={"changed": changed},
    )
    return task


@transaction.atomic
def report_task_delete(*, task: ReportTask, actor: Actor, context: AuditContext | None = None) -> None:
    """删除草稿: a draft never reached anyone, so it goes with its template and its timeline (the audit log
    keeps the deletion). A published task is kept: close it instead."""
    task = lock(ReportTask, pk=task.pk, related=("org",))
    if not can_manage_task(actor, task):
        raise PermissionDenied
    if not TASK_WORKFLOW.can(task, TaskAction.DELETE, actor):
        raise ValidationError("只有草稿可以删除，已下发的报送任务可以结束报送")
    org, title = task.org, task.title
    attachments = list(attachments_of(task))
    for attachment in attachments:
        transaction.on_commit(partial(attachment.file.delete, save=False))
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ReportTask), object_id=str(task.pk)
    ).delete()
    task.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"{org.name} 删除报送任务草稿“{title}”",
        actor=actor,
        context=context,
        subject=org,
        org_id=org.pk,
    )


@transaction.atomic
def report_task_publish(*, task: ReportTask, actor: Actor) -> int:
    """下发: one submission per target org (the targets expanded now), a notice to each recipient's cadres.
    Returns the number of recipients."""
    task = lock(ReportTask, pk=task.pk, related=("org",))
    if not can_manage_task(actor, task):
        raise PermissionDenied
    if task.deadline < timezone.localdate():
        raise ValidationError({"deadline": "截止日期已过，请先修改截止日期再下发"})
    targets = [OrgTarget.from_dict(t) for t in task.targets]
    orgs = list(targets_expand(targets, within=task.org))
    if not orgs:
        raise ValidationError({"targets": "所选范围内没有可报送的下级组织"})
    if task.kind == ReportKind.EXCEL and not task.template_headers:
        raise ValidationError({"template": "请先上传 Excel 模板"})
    task.published_at = timezone.now()
    TASK_WORKFLOW.apply(
        task,
        action=TaskAction.PUBLISH,
        actor=actor,
        note=f"下发至 {len(orgs)} 个单位",
        update_fields=["published_at"],
    )
    submissions = ReportSubmission.objects.bulk_create([ReportSubmission(task=task, org=o) for o in orgs])
    if task.consolidate:
        _consolidations_create(task, orgs)
    _notify_orgs(
        submissions,
        title=f"新的报送任务：{task.title}",
        body=f"{task.org.name}下发，请于 {_cn(task.deadline)} 前报送",
    )
    return len(submissions)


def _consolidations_create(task: ReportTask, orgs: Sequence[Org]) -> None:
    """逐级审核汇总: one `ReportConsolidation` per direct subordinate of the sender with recipients below it."""
    depth = len(task.org.path) + Org.steplen
    heads = sorted({o.path[:depth] for o in orgs if len(o.path) > depth})
    ReportConsolidation.objects.bulk_create(
        [ReportConsolidation(task=task, org=o) for o in Org.objects.filter(path__in=heads).order_by("path")]
    )


@transaction.atomic
def report_task_close(*, task: ReportTask, actor: Actor) -> ReportTask:
    """结束报送: no more submissions; the board and the export stay."""
    task = lock(ReportTask, pk=task.pk, related=("org",))
    TASK_WORKFLOW.apply(task, action=TaskAction.CLOSE, actor=actor)
    return task


@transaction.atomic
def report_task_remind(*, task: ReportTask, actor: Actor) -> int:
    """催报: the sender reminds every recipient that has not submitted. Returns the number of orgs reminded."""
    if not can_manage_task(actor, task):
        raise PermissionDenied
    if not TASK_WORKFLOW.can(task, TaskAction.REMIND, actor):
        raise ValidationError("只有下发中的报送任务可以催报")
    pending = open_submissions(task)
    if not pending:
        raise ValidationError("所有单位都已报送，无需催报")
    _notify_orgs(
        pending,
        title=f"催报：{task.title}",
        body=f"{task.org.name}提醒您尽快报送（截止日期 {task.deadline:%Y-%m-%d}）",
    )
    for submission in pending:
        submission_reminded_event(submission=submission, actor=actor, note=f"{task.org.name}催报")
    task_reminded_event(task=task, actor=actor, count=len(pending))
    return len(pending)


# --- submissions ------------------------------------------------------------------------------------------


def report_submission_mark_read(*, submission: ReportSubmission, actor: Actor) -> None:
    """The first time a cadre of the recipient org opens its submission (the inbox's unread count)."""
    if submission.read_at is None and is_recipient_cadre(actor, submission):
        submission.read_at = timezone.now()
        ReportSubmission.objects.filter(pk=submission.pk, read_at__isnull=True).update(
            read_at=submission.read_at
        )


def _file_value(attachment: Attachment) -> dict[str, str]:
    return {"attachment": str(attachment.public_id), "name": attachment.original_name}


def _form_data(
    *,
    submission: ReportSubmission,
    actor: Actor,
    values: Mapping[str, Any],
    files: Mapping[str, UploadedFile[bytes]],
    required: bool = True,
) -> dict[str, Any]:
    """The checked answers (a draft skips the required checks, never the type checks); files already sent
    with the last answer or the draft are kept unless replaced."""
    definitions = submission.task.fields
    if not required:
        definitions = [{**f, "required": False} for f in definitions]
    file_keys = {f["key"] for f in definitions if f["type"] == FieldType.FILE}
    earlier = {**submission.data, **submission.draft}
    kept = {k: v for k, v in earlier.items() if k in file_keys and v}
    uploads = {k: f for k, f in files.items() if k in file_keys and f is not None}
    errors: dict[str, list[str]] = {}
    for key, upload in uploads.items():
        try:
            attachment_check(upload, DEFAULT_POLICY)
        except ValidationError as exc:
            errors[key] = exc.messages
    try:
        cleaned = field_values_clean(definitions, values, files_present=set(kept) | set(uploads))
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
        cleaned = {}
    if errors:
        raise ValidationError(errors)
    data: dict[str, Any] = {**cleaned, **kept}
    for key, upload in uploads.items():
        attachment = attachment_save(owner=submission, org=submission.org, upload=upload, actor=actor)
        data[key] = _file_value(attachment)
    return data


def _refuse_when_passed_up(submission: ReportSubmission) -> None:
    consolidation = consolidation_of(submission)
    if consolidation is not None and consolidation.status == ConsolidationStatus.PASSED:
        raise ValidationError(
            f"{consolidation.org.name}已上报汇总，不能再报送；如需补报，请联系{consolidation.org.name}"
        )


def _excel_data(
    *, submission: ReportSubmission, actor: Actor, filled: UploadedFile[bytes] | None
) -> dict[str, Any]:
    if filled is None:
        if submission.data.get("attachment"):
            return dict(submission.data)  # resubmission keeping the file sent before
        raise ValidationError({"filled": "请上传按模板填写的 Excel 文件"})
    try:
        attachment_check(filled, XLSX_POLICY)
    except ValidationError as exc:
        raise ValidationError({"filled": exc.messages}) from None
    filled.seek(0)
    sheet = filled_sheet_read(submission.task.template_headers, filled.read())
    filled.seek(0)
    attachment = attachment_save(
        owner=submission, org=submission.org, upload=filled, actor=actor, policy=XLSX_POLICY
    )
    return {**sheet.as_data(), **_file_value(attachment)}


@transaction.atomic
def report_submission_submit(
    *,
    submission: ReportSubmission,
    actor: Actor,
    values: Mapping[str, Any] | None = None,
    files: Mapping[str, UploadedFile[bytes]] | None = None,
    filled: UploadedFile[bytes] | None = None,
) -> ReportSubmission:
    """报送 (or 重新报送 after a 退回): the form's values and files, or the filled template checked against the
    template's header row. Nothing is stored when anything is wrong."""
    submission = lock(ReportSubmission, pk=submission.pk, related=("task", "task__org", "org"))
    if submission.task.status != TaskStatus.PUBLISHED:
        raise ValidationError("该报送任务已结束或尚未下发，不能报送")
    if not has_action(actor, SUBMIT, submission.org):
        raise PermissionDenied
    if submission.status not in OPEN_SUBMISSION:
        raise ValidationError(f"当前状态“{submission.get_status_display()}”下不能报送")
    _refuse_when_passed_up(submission)
    action = (
        SubmissionAction.RESUBMIT
        if submission.status == SubmissionStatus.RETURNED
        else SubmissionAction.SUBMIT
    )
    SUBMISSION_WORKFLOW.check(submission, action=action, actor=actor)
    if submission.task.kind == ReportKind.EXCEL:
        data = _excel_data(submission=submission, actor=actor, filled=filled)
    else:
        data = _form_data(submission=submission, actor=actor, values=values or {}, files=files or {})
    submission.data = data
    submission.draft = {}
    submission.draft_saved_at = None
    submission.draft_saved_by = None
    submission.submitted_at = timezone.now()
    submission.submitted_by = actor
    submission.return_reason = ""
    if submission.read_at is None:
        submission.read_at = submission.submitted_at
    late = submission.is_late_at(submission.submitted_at)
    SUBMISSION_WORKFLOW.apply(
        submission,
        action=action,
        actor=actor,
        note="逾期报送" if late else "",
        update_fields=[
            "data",
            "draft",
            "draft_saved_at",
            "draft_saved_by",
            "submitted_at",
            "submitted_by",
            "return_reason",
            "read_at",
        ],
    )
    consolidation = consolidation_of(submission)
    if action == SubmissionAction.SUBMIT and consolidation is not None:
        _notify_managers(
            consolidation.org_id,
            title=f"待审核：{submission.task.title}",
            body=f"{submission.org.name}已报送，请审核（逐级审核汇总）",
            url=reverse("reports:submission_detail", args=[submission.public_id]),
        )
    if action == SubmissionAction.RESUBMIT and submission.returned_by_org_id:
        _notify_managers(
            submission.returned_by_org_id,
            title=f"已重新报送：{submission.task.title}",
            body=f"{submission.org.name}修改后重新报送，请审核",
            url=reverse("reports:submission_detail", args=[submission.public_id]),
        )
    return submission


@transaction.atomic
def report_submission_save_draft(
    *,
    submission: ReportSubmission,
    actor: Actor,
    values: Mapping[str, Any],
    files: Mapping[str, UploadedFile[bytes]] | None = None,
) -> ReportSubmission:
    """暂存: keep the recipient's answers without submitting them — the required checks wait for 报送, the
    type checks do not (a number field holds a number). The state stays 未报送; the sender's pages, the board's
    counts and the aggregate never read the draft."""
    submission = lock(ReportSubmission, pk=submission.pk, related=("task", "task__org", "org"))
    if submission.task.kind != ReportKind.FORM:
        raise ValidationError("Excel 模板方式无需暂存，请填好模板后直接上传报送")
    if submission.task.status != TaskStatus.PUBLISHED:
        raise ValidationError("该报送任务已结束或尚未下发，不能暂存")
    if not has_action(actor, SUBMIT, submission.org):
        raise PermissionDenied
    if submission.status != SubmissionStatus.PENDING:
        raise ValidationError(f"当前状态“{submission.get_status_display()}”下不能暂存")
    _refuse_when_passed_up(submission)
    SUBMISSION_WORKFLOW.check(submission, action=SubmissionAction.SAVE_DRAFT, actor=actor)
    submission.draft = _form_data(
        submission=submission, actor=actor, values=values, files=files or {}, required=False
    )
    submission.draft_saved_at = timezone.now()
    submission.draft_saved_by = actor
    if submission.read_at is None:
        submission.read_at = submission.draft_saved_at
    submission.save(update_fields=["draft", "draft_saved_at", "draft_saved_by", "read_at", "updated_at"])
    filled = sum(1 for v in submission.draft.values() if v not in ("", None))
    submission_draft_saved_event(submission=submission, actor=actor, note=f"已填 {filled} 项，尚未报送")
    return submission


@transaction.atomic
def report_submission_return(*, submission: ReportSubmission, actor: Actor, reason: str) -> ReportSubmission:
    """退回 with a reason, by the sender or an intermediate union; the recipient's cadres are told why."""
    submission = lock(ReportSubmission, pk=submission.pk, related=("task", "task__org", "org"))
    reason = " ".join(reason.split())
    by_org = reviewer_org(actor, submission) or submission.task.org
    submission.return_reason = reason[:200]
    submission.returned_by_org = by_org
    SUBMISSION_WORKFLOW.apply(
        submission,
        action=SubmissionAction.RETURN,
        actor=actor,
        note=f"{by_org.name}退回：{reason}" if reason else "",
        update_fields=["return_reason", "returned_by_org"],
    )
    _notify_orgs(
        [submission],
        title=f"报送被退回：{submission.task.title}",
        body=f"{by_org.name}退回了本单位的报送，原因：{reason}。请修改后重新报送",
    )
    return submission


@transaction.atomic
def report_submission_accept(*, submission: ReportSubmission, actor: Actor) -> ReportSubmission:
    submission = lock(ReportSubmission, pk=submission.pk, related=("task", "task__org", "org"))
    SUBMISSION_WORKFLOW.apply(submission, action=SubmissionAction.ACCEPT, actor=actor)
    return submission


# --- 逐级审核汇总 -------------------------------------------------------------------------------------------


@transaction.atomic
def report_consolidation_pass_up(
    *, consolidation: ReportConsolidation, actor: Actor, confirm_missing: bool = False
) -> ReportConsolidation:
    """上报汇总: the consolidating union passes its subtree's answers up to the sender once every one of them is
    已通过 — an answer still waiting for review is refused; units that have not reported are refused unless the
    union confirms them as missing (named on the timeline and kept on the consolidation)."""
    consolidation = lock(ReportConsolidation, pk=consolidation.pk, related=("task", "task__org", "org"))
    CONSOLIDATION_WORKFLOW.check(consolidation, action=ConsolidationAction.PASS_UP, actor=actor)
    answers = consolidated_submissions(consolidation)
    waiting = [s.org.name for s in answers if s.status == SubmissionStatus.SUBMITTED]
    if waiting:
        raise ValidationError(
            f"还有 {len(waiting)} 个单位的报送待审核（{'、'.join(waiting[:10])}），请先审核通过或退回后再上报汇总"
        )
    missing = [s.org.name for s in answers if s.status in OPEN_SUBMISSION]
    if missing and not confirm_missing:
        raise ValidationError(
            f"还有 {len(missing)} 个单位未报送（{'、'.join(missing[:10])}）。"
            "如确认这些单位缺报，请点击“确认缺报并上报”"
        )
    consolidation.missing = missing
    consolidation.passed_at = timezone.now()
    consolidation.passed_by = actor
    consolidation.return_reason = ""
    accepted = len(answers) - len(missing)
    note = f"{accepted} 个单位已通过" + (f"；确认缺报：{'、'.join(missing)}" if missing else "")
    CONSOLIDATION_WORKFLOW.apply(
        consolidation,
        action=ConsolidationAction.PASS_UP,
        actor=actor,
        note=note[:500],
        update_fields=["missing", "passed_at", "passed_by", "return_reason"],
    )
    task = consolidation.task
    _notify_managers(
        task.org_id,
        title=f"已上报汇总：{task.title}",
        body=f"{consolidation.org.name}已审核并上报本级汇总（{note}）",
        url=reverse("reports:task_detail", args=[task.public_id]),
    )
    return consolidation


@transaction.atomic
def report_consolidation_return(
    *, consolidation: ReportConsolidation, actor: Actor, reason: str
) -> ReportConsolidation:
    """退回汇总: the sender sends a union's consolidation back (with a reason); its units that had not reported
    may report again and the union passes up once more."""
    consolidation = lock(ReportConsolidation, pk=consolidation.pk, related=("task", "task__org", "org"))
    reason = " ".join(reason.split())
    consolidation.return_reason = reason[:200]
    consolidation.passed_at = None
    CONSOLIDATION_WORKFLOW.apply(
        consolidation,
        action=ConsolidationAction.RETURN,
        actor=actor,
        note=f"{consolidation.task.org.name}退回：{reason}" if reason else "",
        update_fields=["return_reason", "passed_at"],
    )
    task = consolidation.task
    _notify_managers(
        consolidation.org_id,
        title=f"汇总被退回：{task.title}",
        body=f"{task.org.name}退回了本级的汇总，原因：{reason}。请处理后重新上报汇总",
        url=reverse("reports:task_detail", args=[task.public_id]),
    )
    return consolidation


# --- reminders (scheduled job) ----------------------------------------------------------------------------


def _claim(submission: ReportSubmission, field: str, now: dt.datetime) -> bool:
    """Stamp the reminder as sent unless another run already did (the job's idempotence)."""
    return bool(
        ReportSubmission.objects.filter(pk=submission.pk, **{f"{field}__isnull": True}).update(**{field: now})
    )


@transaction.atomic
def report_reminders_run(*, today: dt.date | None = None) -> str:
    """Remind recipients that have not submitted: once when the deadline is at most two working days away
    (`calendars`), once more when it has passed. What was sent is stamped on the submission, so running the
    job again (or late) sends nothing twice."""
    today = today or timezone.localdate()
    now = timezone.now()
    open_rows = ReportSubmission.objects.filter(
        task__status=TaskStatus.PUBLISHED, status__in=OPEN_SUBMISSION
    ).select_related("task", "task__org", "org")
    horizon = today + dt.timedelta(days=21)
    before = [
        s
        for s in still_open(
            list(
                open_rows.filter(
                    reminded_before_at__isnull=True, task__deadline__gte=today, task__deadline__lte=horizon
                )
            )
        )
        if workdays_between(today, s.task.deadline) <= REMIND_BEFORE_WORKDAYS
    ]
    overdue = still_open(list(open_rows.filter(reminded_overdue_at__isnull=True, task__deadline__lt=today)))
    sent_before = [s for s in before if _claim(s, "reminded_before_at", now)]
    sent_overdue = [s for s in overdue if _claim(s, "reminded_overdue_at", now)]
    for submission in sent_before:
        task = submission.task
        _notify_orgs(
            [submission],
            title=f"报送即将截止：{task.title}",
            body=f"{task.org.name}下发的报送任务将于 {_cn(task.deadline)} 截止，本单位尚未报送",
        )
        submission_reminded_event(submission=submission, actor=None, note="截止前提醒")
    for submission in sent_overdue:
        task = submission.task
        _notify_orgs(
            [submission],
            title=f"报送已逾期：{task.title}",
            body=f"{task.org.name}下发的报送任务已于 {_cn(task.deadline)} 截止，请尽快报送",
        )
        submission_reminded_event(submission=submission, actor=None, note="逾期提醒")
    return f"截止前提醒 {len(sent_before)} 个单位，逾期提醒 {len(sent_overdue)} 个单位"
