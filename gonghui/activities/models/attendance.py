"""Attendance (签到): one row per member and activity, from the check-in block (会员码 or the typed member number)
or entered by hand; `late` when checked in after the start plus the activity's grace minutes; `checked_out_at` when
the activity asks for a check-out. A confirmed registration without attendance after the end is a no-show."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import AttendanceMethod
from .events import Activity


class Attendance(BaseModel, OrgScoped):
    scope_path: ClassVar[str] = "activity__org__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    registration = models.ForeignKey(
        "activities.Registration",
        verbose_name=_("报名"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    check_in = models.ForeignKey(
        "checkins.CheckIn",
        verbose_name=_("签到记录"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    method = models.CharField(_("签到方式"), max_length=16, choices=AttendanceMethod.choices)
    checked_in_at = models.DateTimeField(_("签到时间"))
    late = models.BooleanField(_("迟到"), default=False)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ("checked_in_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("activity", "member"), name="attendance_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.member_id}"
