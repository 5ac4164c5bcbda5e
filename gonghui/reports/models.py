"""报送: a union sends a reporting task down its tree; every target org answers with one submission.

`ReportTask` belongs to the sending union (`org`); `ReportSubmission` is the delivery to one target org. A task
is visible in the sender's scope and, through its submissions, in the recipients' scopes (visible_q ORs the
delivery in, like `members.Transfer`)."""

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, scope_q
from gonghui.core.models import BaseModel

from .choices import OPEN_SUBMISSION, ConsolidationStatus, ReportKind, SubmissionStatus, TaskStatus

VIEW = "reports.view"


class ReportTask(BaseModel, OrgScoped):
    """报送任务: instructions, a form definition or an Excel template, a deadline and the target orgs."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发出单位"), on_delete=models.PROTECT, related_name="report_tasks"
    )
    title = models.CharField(_("标题"), max_length=100)
    instructions = models.TextField(_("填报说明"), blank=True)
    kind = models.CharField(_("报送方式"), max_length=8, choices=ReportKind.choices, default=ReportKind.FORM)
    # [{"key": "f1", "label": "教职工人数", "type": "number", "required": true, "choices": []}, …]
    fields = models.JSONField(_("表单字段"), default=list, blank=True)
    # The header row of the Excel template (the template file itself is an attachment of the task).
    template_headers = models.JSONField(_("模板表头"), default=list, blank=True)
    deadline = models.DateField(_("截止日期"))
    # What the sender chose (orgs.targeting.OrgTarget dicts); the expansion is the set of submissions.
    targets = models.JSONField(_("报送对象"), default=list)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("下发时间"), null=True, blank=True)
    # 逐级审核汇总: answers from below a direct subordinate of the sender are reviewed by that subordinate, which
    # then passes its subtree's answers up (`ReportConsolidation`); the sender counts them from then on.
    consolidate = models.BooleanField(_("逐级审核汇总"), default=False)

    class Meta:
        verbose_name = _("报送任务")
        verbose_name_plural = _("报送任务")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """Tasks of the user's subtrees, and tasks delivered to an org of those subtrees (not drafts: a draft
        has no submissions yet)."""
        delivered = ReportSubmission.objects.in_subtrees(user, action).values("task_id")
        return super().visible_q(user, action) | Q(pk__in=delivered)


class ReportSubmission(BaseModel, OrgScoped):
    """One target org's answer to a task: 未报送 → 已报送 → 已退回 (reason) → 已报送 … → 已通过."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(
        ReportTask, verbose_name=_("报送任务"), on_delete=models.CASCADE, related_name="submissions"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="report_submissions"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    # Form tasks: {field key: value as text / number / ISO date / attachment public_id}.
    # Excel tasks: {"rows": n, "totals": {column: number}} of the uploaded filled template.
    data = models.JSONField(_("填报内容"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    returned_by_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("退回单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField(_("首次查看"), null=True, blank=True)
    # 暂存: the recipient's unsent answers (same shape as `data`); never shown as submitted nor counted.
    draft = models.JSONField(_("暂存内容"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("暂存时间"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("暂存人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the reminder job already sent, so that a repeated run sends nothing twice.
    reminded_before_at = models.DateTimeField(_("截止前提醒时间"), null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报送")
        verbose_name_plural = _("报送")
        ordering: ClassVar[list[str]] = ["task", "org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["task", "org"], name="reports_submission_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.org}"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """The recipient's subtree (its own cadres and every union above it) and the sender's subtree."""
        return scope_q(user, action, path_field="org__path") | scope_q(
            user, action, path_field="task__org__path"
        )

    @property
    def is_late(self) -> bool:
        """Submitted after the deadline, or still open after it."""
        if self.status in OPEN_SUBMISSION or self.submitted_at is None:
            return timezone.localdate() > self.task.deadline
        return self.is_late_at(self.submitted_at)

    def is_late_at(self, when: dt.datetime) -> bool:
        return timezone.localdate(when) > self.task.deadline


class ReportConsolidation(BaseModel, OrgScoped):
    """逐级审核汇总 of one intermediate union (a direct subordinate of the sender with recipients below it): it
    reviews its subtree's answers and passes them up (待上报 → 已上报汇总; the sender may 退回汇总)."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(
        ReportTask, verbose_name=_("报送任务"), on_delete=models.CASCADE, related_name="consolidations"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("汇总单位"), on_delete=models.PROTECT, related_name="report_consolidations"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ConsolidationStatus.choices, default=ConsolidationStatus.PENDING
    )
    passed_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Names of the recipients the union confirmed as not reported when it passed up.
    missing = models.JSONField(_("确认缺报单位"), default=list, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("逐级汇总")
        verbose_name_plural = _("逐级汇总")
        ordering: ClassVar[list[str]] = ["task", "org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["task", "org"], name="reports_consolidation_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.org} 汇总"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """The consolidating union's subtree and the sender's subtree."""
        return scope_q(user, action, path_field="org__path") | scope_q(
            user, action, path_field="task__org__path"
        )
