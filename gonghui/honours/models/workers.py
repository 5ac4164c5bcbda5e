"""The 劳模/工匠 registry: `ModelWorker` (a member's title: level, year, status — the member's `is_model_worker`
flag follows it), `WorkerCare` (health checks, 慰问金 through the ledger, 疗休养; visits are `visits.Visit` rows
owned by the worker) and `PovertyAction` (劳模助力脱贫攻坚 "六大行动", and the 先进集体 专项行动)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import CareKind, PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus


class ModelWorker(BaseModel, OrgScoped):
    """One title held by a person: 全国劳动模范 (2015), 河南省五一劳动奖章 … `org` is the union keeping the record
    (the member's union); `member` is empty only for a person not (or no longer) on the roster."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="model_worker_titles",
        null=True,
        blank=True,
    )
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(
        _("类别"), max_length=16, choices=WorkerKind.choices, default=WorkerKind.MODEL_WORKER
    )
    level = models.CharField(_("级别"), max_length=16, choices=WorkerLevel.choices)
    title = models.CharField(_("荣誉称号"), max_length=100, help_text=_("如：河南省劳动模范"))
    year = models.PositiveSmallIntegerField(_("获得年度"))
    unit_name = models.CharField(_("工作单位"), max_length=200, blank=True)
    position = models.CharField(_("职务/岗位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE
    )
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("劳模工匠")
        verbose_name_plural = _("劳模工匠")
        ordering = ("level", "-year", "name", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "title", "year"],
                condition=models.Q(member__isnull=False),
                name="honours_worker_one_title_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"

    def get_absolute_url(self) -> str:
        return reverse("honours:worker_detail", args=[self.pk])


class WorkerCare(BaseModel, OrgScoped):
    """A care record of a 劳模 (体检, 慰问金, 疗休养): a 慰问金 is paid through the ledger (`ledger.LedgerEntry`
    owned by this row, idempotency key per record)."""

    scope_path: ClassVar[str] = "worker__org__path"

    worker = models.ForeignKey(
        ModelWorker, verbose_name=_("劳模工匠"), on_delete=models.CASCADE, related_name="cares"
    )
    kind = models.CharField(_("关爱类别"), max_length=16, choices=CareKind.choices)
    happened_on = models.DateField(_("日期"))
    content = models.CharField(_("内容"), max_length=500)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("劳模关爱")
        verbose_name_plural = _("劳模关爱")
        ordering = ("-happened_on", "-pk")

    def __str__(self) -> str:
        return f"{self.worker.name}·{self.get_kind_display()}"


class PovertyAction(BaseModel, OrgScoped):
    """A 助力脱贫攻坚 action: by a 劳模 (`worker`, one of the 六大行动) or by a 先进集体 (`collective_name`, the
    专项行动): what, where, when, with whom and the results."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("登记工会"), on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        ModelWorker,
        verbose_name=_("劳模工匠"),
        on_delete=models.CASCADE,
        related_name="poverty_actions",
        null=True,
        blank=True,
    )
    collective_name = models.CharField(_("先进集体"), max_length=200, blank=True)
    kind = models.CharField(_("行动类别"), max_length=16, choices=PovertyActionKind.choices)
    title = models.CharField(_("行动内容"), max_length=200)
    place = models.CharField(_("地点（帮扶村/单位）"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    partners = models.CharField(_("合作对象"), max_length=200, blank=True)
    results = models.TextField(_("成效"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("受益人数"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("助力脱贫攻坚行动")
        verbose_name_plural = _("助力脱贫攻坚行动")
        ordering = ("-started_on", "-pk")

    def __str__(self) -> str:
        return self.title
