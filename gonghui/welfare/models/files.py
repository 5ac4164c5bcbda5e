"""The hardship file (困难职工档案, one per household) and what happens to it: the home survey (入户调查), the yearly
review (复核) and the phone follow-ups of a 脱困 household."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    AccidentKind,
    Channel,
    CloseReason,
    FileStatus,
    FollowUpKind,
    FollowUpOutcome,
    HardshipCause,
    HardshipClass,
    Housing,
    MedicalInsurance,
    ModelWorkerType,
    ReviewOutcome,
)
from .households import Household


class HardshipFile(BaseModel, OrgScoped):
    """One household's file. The facts of the national record are columns; what is sensitive is sealed: the
    rigid spending (`RigidExpense` → amount), the accident details and the class explanation with its figures.
    `suggested_class` is what `classing.classify` computed; `decided_class` is what a person decided (with a
    note when they differ). A 注销 file keeps its row; `purged_at` tells its details were purged."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("档案编号"), max_length=32, blank=True)
    household = models.OneToOneField(
        Household, verbose_name=_("家庭"), on_delete=models.PROTECT, related_name="file"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        "members.Member", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=FileStatus.choices, default=FileStatus.APPLIED
    )
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    cycle = models.PositiveSmallIntegerField(_("申请轮次"), default=1, help_text=_("脱困后再次申请时加一"))
    cause_main = models.CharField(_("主要致困原因"), max_length=16, choices=HardshipCause.choices)
    causes_secondary = models.JSONField(_("次要致困原因"), default=list, blank=True)
    housing = models.CharField(_("住房情况"), max_length=16, choices=Housing.choices)
    medical_insurance = models.CharField(_("医疗保险"), max_length=16, choices=MedicalInsurance.choices)
    zero_employment = models.BooleanField(_("零就业家庭"), default=False)
    single_parent = models.BooleanField(_("单亲家庭"), default=False)
    model_worker_type = models.CharField(
        _("劳模类型"),
        max_length=16,
        choices=ModelWorkerType.choices,
        blank=True,
        default=ModelWorkerType.NONE,
    )
    accident_kind = models.CharField(
        _("意外事件类别"), max_length=16, choices=AccidentKind.choices, blank=True
    )
    accident_date = models.DateField(_("意外事件日期"), null=True, blank=True)
    exclusions = models.JSONField(_("排除情形"), default=list, blank=True)
    sealed = models.TextField(_("刚性支出、事件与测算明细（密文）"), blank=True)
    consent_attachment = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("授权委托书"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("来源诉求"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    suggested_class = models.CharField(
        _("测算类别"), max_length=16, choices=HardshipClass.choices, blank=True
    )
    decided_class = models.CharField(_("核定类别"), max_length=16, choices=HardshipClass.choices, blank=True)
    class_note = models.TextField(_("核定说明"), blank=True)
    class_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核定人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    class_decided_at = models.DateTimeField(_("核定时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("建档时间"), null=True, blank=True)
    next_review_due = models.DateField(_("下次复核日期"), null=True, blank=True)
    ended_at = models.DateTimeField(_("脱困/注销时间"), null=True, blank=True)
    close_reason = models.CharField(_("注销原因"), max_length=16, choices=CloseReason.choices, blank=True)
    end_note = models.TextField(_("脱困/注销说明"), blank=True)
    purge_after = models.DateField(_("明细清除日期"), null=True, blank=True)
    purged_at = models.DateTimeField(_("明细清除时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ("-created_at", "pk")
        indexes = [models.Index(fields=["status", "next_review_due"], name="welfare_file_status_due")]

    def __str__(self) -> str:
        return self.number or f"困难职工档案 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:detail", args=[self.pk])


class HomeSurvey(BaseModel, OrgScoped):
    """入户调查: when, who visited, and the findings (sealed: they describe the family's finances)."""

    scope_path: ClassVar[str] = "file__org__path"

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("档案"), on_delete=models.CASCADE, related_name="surveys"
    )
    surveyed_on = models.DateField(_("调查日期"))
    visitors = models.CharField(_("调查人员"), max_length=200)
    sealed = models.TextField(_("调查结论（密文）"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("入户调查")
        verbose_name_plural = _("入户调查")
        ordering = ("-surveyed_on", "-pk")


class FileReview(BaseModel, OrgScoped):
    """A yearly 复核 of a filed household (dynamic management): due date, when done and the outcome."""

    scope_path: ClassVar[str] = "file__org__path"

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("档案"), on_delete=models.CASCADE, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("复核年度"))
    due_on = models.DateField(_("应复核日期"))
    done_on = models.DateField(_("复核日期"), null=True, blank=True)
    outcome = models.CharField(_("复核结果"), max_length=16, choices=ReviewOutcome.choices, blank=True)
    note = models.TextField(_("复核说明"), blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("年度复核")
        verbose_name_plural = _("年度复核")
        ordering = ("-year", "-pk")
        constraints = [models.UniqueConstraint(fields=["file", "year"], name="welfare_one_review_per_year")]


class FollowUp(BaseModel, OrgScoped):
    """A phone follow-up of a 脱困 household, 3 and 12 months after."""

    scope_path: ClassVar[str] = "file__org__path"

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("档案"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("回访类别"), max_length=8, choices=FollowUpKind.choices)
    cycle = models.PositiveSmallIntegerField(_("申请轮次"), default=1)
    due_on = models.DateField(_("应回访日期"))
    done_on = models.DateField(_("回访日期"), null=True, blank=True)
    outcome = models.CharField(_("回访结果"), max_length=16, choices=FollowUpOutcome.choices, blank=True)
    note = models.TextField(_("回访记录"), blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("脱困回访")
        verbose_name_plural = _("脱困回访")
        ordering = ("due_on", "pk")
        constraints = [
            models.UniqueConstraint(fields=["file", "cycle", "kind"], name="welfare_one_follow_up_per_kind")
        ]
