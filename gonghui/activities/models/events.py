"""Activities (活动): an event of `org` for an audience (the subtree, narrowed by a member filter or by an audience
another app registers), with a place and time, a sign-up window, a capacity with a waiting list, approval when
required, a cancellation cutoff for members, reminders, an optional budget with its spending, and after the event a
short report with photos (attachments owned by the activity)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import ActivityKind, ActivityStatus

ORG_AUDIENCE = (
    "org"  # the default audience: the members of the organiser's subtree (narrowed by `member_filter`)
)


class Activity(BaseModel, OrgScoped):
    """An event (2020年抗疫一线医护人员事迹报告会, 教职工羽毛球赛, 送教下乡). `capacity` None means no limit;
    `waitlist` lets members queue for a place that frees; `approval_required` puts sign-ups to the organiser;
    `cancel_cutoff` is the last moment a member may cancel (default: the start); `late_after_minutes` marks a
    check-in after the start plus that many minutes as late."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("活动名称"), max_length=100)
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices)
    description = models.TextField(_("活动内容"), blank=True)
    place = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    audience_key = models.CharField(_("参加对象范围"), max_length=50, default=ORG_AUDIENCE)
    member_filter = models.JSONField(_("会员条件"), default=dict, blank=True)
    signup_required = models.BooleanField(_("需要报名"), default=True)
    signup_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("留空表示不限"))
    waitlist = models.BooleanField(_("名额满后可候补"), default=True)
    approval_required = models.BooleanField(_("报名需审核"), default=False)
    cancel_cutoff = models.DateTimeField(_("取消报名截止"), null=True, blank=True)
    reminder_hours = models.PositiveSmallIntegerField(_("开始前提醒（小时）"), default=24)
    reminded_at = models.DateTimeField(_("已提醒时间"), null=True, blank=True)
    late_after_minutes = models.PositiveSmallIntegerField(_("迟到判定（分钟）"), default=15)
    checkout_required = models.BooleanField(_("需要签退"), default=False)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine",
        verbose_name=_("经费预算科目"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    budget = models.DecimalField(_("活动预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    report = models.TextField(_("活动总结"), blank=True)
    reported_at = models.DateTimeField(_("总结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ("-starts_at", "-pk")
        indexes = [models.Index(fields=("status", "starts_at"), name="activity_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActivitySpending(BaseModel, OrgScoped):
    """One spending of an activity's budget (场地费, 奖品): recorded, never more than the budget left."""

    scope_path: ClassVar[str] = "activity__org__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="spendings"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("用途"), max_length=100)
    spent_on = models.DateField(_("支出日期"))
    voucher = models.CharField(_("凭证号"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("活动支出")
        verbose_name_plural = _("活动支出")
        ordering = ("spent_on", "pk")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="activity_spending_positive")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.amount}"
