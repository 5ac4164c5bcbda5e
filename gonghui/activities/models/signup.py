"""Sign-ups (报名): one row per member and activity. A confirmed registration holds a place; a waitlisted one waits
in `created_at` order and is promoted when a place frees; a pending one waits for the organiser's approval.
A member who cancels and signs up again reuses the row (one per member and activity)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import RegistrationStatus
from .events import Activity


class Registration(BaseModel, OrgScoped):
    scope_path: ClassVar[str] = "activity__org__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("报名回执号"), max_length=32, unique=True)
    status = models.CharField(_("状态"), max_length=16, choices=RegistrationStatus.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    queued_at = models.DateTimeField(_("排队时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("activity", "member"), name="registration_one_per_member")
        ]
        indexes = [models.Index(fields=("activity", "status"), name="registration_activity_status")]

    def __str__(self) -> str:
        return self.number
