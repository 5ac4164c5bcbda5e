"""Import and export jobs: one row per uploaded file or generated export, with its outcome."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import BaseModel

from .choices import ExportStatus, ImportMode, ImportStatus


class WorkerRun(models.Model):
    """Which background run a job is on. `attempt` grows with every start and retry; a task carries the attempt it
    was enqueued for and claims the job only while the job is still on that attempt (a conditional UPDATE), so a
    retried, cancelled or failed job is never written by an older run. The worker records its host and process
    when it claims the job; its heartbeats go to the progress cache (`liveness.py`), never to this row."""

    attempt = models.PositiveIntegerField(_("第几次运行"), default=0)
    worker_host = models.CharField(_("后台任务主机"), max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(_("后台任务进程号"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始运行时间"), null=True, blank=True)
    retryable = models.BooleanField(_("可重试"), default=False)

    class Meta:
        abstract = True

    @property
    def worker_started(self) -> bool:
        return self.worker_pid is not None


class ImportJob(WorkerRun, BaseModel):
    """An uploaded spreadsheet: validated row by row, previewed, then committed as a background task. The file
    holds unmasked personal data: the job and its file are deleted `IMPORT_JOB_KEEP_DAYS` after upload (job
    `spreadsheets.purge_imports`), and with them the error report made from the file."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("导入类型"), max_length=50)
    org = models.ForeignKey("orgs.Org", verbose_name=_("导入到"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("文件名"), max_length=200)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("可导入行数"), default=0)
    error_count = models.PositiveIntegerField(_("问题数"), default=0)
    imported_rows = models.PositiveIntegerField(_("已导入行数"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("无变化行数"), default=0)
    mode = models.CharField(_("导入方式"), max_length=8, choices=ImportMode.choices, blank=True)
    errors = models.JSONField(_("问题"), default=list, blank=True)
    normalised_count = models.PositiveIntegerField(_("自动规范处数"), default=0)
    normalised = models.JSONField(_("自动规范"), default=list, blank=True)
    normalised_summary = models.JSONField(_("自动规范汇总"), default=list, blank=True)
    unused_columns = models.JSONField(_("未导入的列"), default=list, blank=True)
    defaulted_columns = models.JSONField(_("按默认值导入的列"), default=list, blank=True)
    preview = models.JSONField(_("预览"), default=list, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("spreadsheets:import_job", args=[self.public_id])

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.COMMITTING)


class ExportJob(WorkerRun, BaseModel):
    """A large export generated in the background, downloaded when ready."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("导出类型"), max_length=50)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT, related_name="+"
    )
    params = models.JSONField(_("条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.RUNNING
    )
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("spreadsheets:export_job", args=[self.public_id])

    @property
    def is_running(self) -> bool:
        return self.status == ExportStatus.RUNNING
