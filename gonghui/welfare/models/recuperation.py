"""疗休养: a programme whose places come from 市总 (a `quotas.QuotaSet` received from outside the root, shared out
down the tree), its batches (dates, resort, capacity) and the places (`RecuperationPlace`): nominated by a union
within its quota, by the priority rules (the front-line tag first, no repeat within N years, the health
conditions), confirmed by the member on the portal, substituted, checked in at the resort with the check-in code."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import PlaceStatus, ProgrammeStatus


class RecuperationProgramme(BaseModel, OrgScoped):
    """A programme of `org` (2020年抗疫一线医护人员疗休养). `quota_set` holds the places received from `issuer`
    (上级下达); `priority_tag` names the members' tag that goes first; nobody who attended a programme in the
    last `no_repeat_years` years is nominated again; `health_requirements` is what the member confirms."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("组织工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    issuer = models.CharField(_("名额来源"), max_length=100, default="焦作市总工会")
    received_reference = models.CharField(_("来文文号"), max_length=100, blank=True)
    places_received = models.PositiveIntegerField(_("收到名额"))
    quota_set = models.OneToOneField(
        "quotas.QuotaSet",
        verbose_name=_("名额"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    priority_tag = models.CharField(
        _("优先对象标签"), max_length=50, blank=True, help_text=_("如：抗疫一线，带此标签的会员优先")
    )
    no_repeat_years = models.PositiveSmallIntegerField(_("不重复年限"), default=3)
    health_requirements = models.TextField(_("健康要求"), blank=True)
    nomination_deadline = models.DateField(_("推荐截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("疗休养项目")
        verbose_name_plural = _("疗休养项目")
        ordering = ("-year", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class RecuperationBatch(BaseModel, OrgScoped):
    """One batch of a programme: dates, resort, capacity; the check-in target at the resort."""

    scope_path: ClassVar[str] = "programme__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        RecuperationProgramme, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="batches"
    )
    name = models.CharField(_("批次"), max_length=50, help_text=_("如：第一批"))
    resort = models.CharField(_("疗休养地点"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    capacity = models.PositiveIntegerField(_("人数"))
    assembly = models.CharField(_("集合时间地点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("疗休养批次")
        verbose_name_plural = _("疗休养批次")
        ordering = ("programme", "starts_on", "pk")

    def __str__(self) -> str:
        return f"{self.programme}·{self.name}"


class RecuperationPlace(BaseModel, OrgScoped):
    """A place given to a member: nominated by `org` within its allocation (a `quotas.QuotaUse` owned by this row
    while it holds the place), in `batch`; `substitute_for` names the place this one replaced."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        RecuperationProgramme, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="places"
    )
    batch = models.ForeignKey(
        RecuperationBatch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="places"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="recuperation_places"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("推荐工会"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=PlaceStatus.choices, default=PlaceStatus.NOMINATED
    )
    front_line = models.BooleanField(_("一线优先"), default=False)
    reason = models.CharField(_("推荐理由"), max_length=200, blank=True)
    health_confirmed = models.BooleanField(_("本人确认符合健康要求"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    declined_reason = models.CharField(_("放弃原因"), max_length=200, blank=True)
    substitute_for = models.OneToOneField(
        "self",
        verbose_name=_("替换"),
        on_delete=models.PROTECT,
        related_name="substitute",
        null=True,
        blank=True,
    )
    checked_in_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("疗休养名额")
        verbose_name_plural = _("疗休养名额")
        ordering = ("batch", "org__path", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "member"],
                condition=Q(status__in=["nominated", "confirmed", "attended"]),
                name="welfare_one_live_place_per_member",
            )
        ]

    # what __str__ reads: the quotas pages list the places holding places (`quotas.selectors.quota_uses_of`)
    quota_use_related: ClassVar[tuple[str, ...]] = ("member", "batch__programme")

    def __str__(self) -> str:
        return f"{self.member}·{self.batch}"
