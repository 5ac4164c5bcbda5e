"""Teams sent to events organised above the platform (组队参加省教科文卫体工会组织的文体活动): a `Delegation` of
`org` to an outside event, its roster (`DelegationMember`: members with a role, the coach among them or named when
not a member), approved by the city union (the root of the tree), and the results recorded when the team is back."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import DelegationRole, DelegationStatus


class Delegation(BaseModel, OrgScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("组队工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("队名"), max_length=100)
    event_name = models.CharField(_("赛事/活动名称"), max_length=200)
    event_organiser = models.CharField(_("主办单位"), max_length=100, default="河南省教科文卫体工会")
    event_item = models.CharField(_("参赛项目"), max_length=100, blank=True)
    event_place = models.CharField(_("举办地点"), max_length=200, blank=True)
    event_starts_on = models.DateField(_("开始日期"))
    event_ends_on = models.DateField(_("结束日期"))
    entry_deadline = models.DateField(_("报名截止"), null=True, blank=True)
    max_size = models.PositiveSmallIntegerField(_("人数上限"), null=True, blank=True)
    coach_name = models.CharField(_("教练（非会员时填写）"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=DelegationStatus.choices, default=DelegationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
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
    result = models.TextField(_("比赛成绩"), blank=True)
    result_recorded_at = models.DateTimeField(_("成绩登记时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("参赛队")
        verbose_name_plural = _("参赛队")
        ordering = ("-event_starts_on", "-pk")

    def __str__(self) -> str:
        return self.name


class DelegationMember(BaseModel, OrgScoped):
    scope_path: ClassVar[str] = "delegation__org__path"

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("参赛队"), on_delete=models.CASCADE, related_name="roster"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("队内角色"), max_length=16, choices=DelegationRole.choices)
    item = models.CharField(_("参赛项目"), max_length=100, blank=True)
    result = models.CharField(_("个人成绩"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参赛队成员")
        verbose_name_plural = _("参赛队成员")
        ordering = ("role", "pk")
        constraints = [
            models.UniqueConstraint(fields=("delegation", "member"), name="delegation_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id}:{self.member_id}"
