"""名额 down the tree: a `QuotaSet` held by a union (for a campaign, a programme — any owner object, or none) is
split into `QuotaAllocation`s to its child unions, each of which may split its own allocation further down
(`parent`); a `QuotaUse` takes places of one allocation for an owner object (a nomination …) until released."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import QuotaSource


class QuotaSet(BaseModel, OrgScoped):
    """A number of places held by `org`; `owner` is what they are for (nullable: a stand-alone set). Places handed
    down by a higher union name the `issuer` and the 收文 they came with (text, and the incoming document's id
    without a foreign key: documents sits above this block)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("持有单位"), on_delete=models.PROTECT, related_name="quota_sets"
    )
    owner_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("名额名称"), max_length=200)
    total = models.PositiveIntegerField(_("名额总数"))
    source = models.CharField(
        _("名额来源"), max_length=16, choices=QuotaSource.choices, default=QuotaSource.LOCAL
    )
    issuer = models.CharField(_("下达单位"), max_length=100, blank=True, help_text=_("如：市总工会"))
    received_reference = models.CharField(
        _("来文"), max_length=300, blank=True, help_text=_("下达名额的来文标题、文号或链接")
    )
    incoming_document_id = models.PositiveBigIntegerField(_("收文编号"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("名额")
        verbose_name_plural = _("名额")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner_type", "owner_id"], name="quotas_set_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class QuotaAllocation(BaseModel, OrgScoped):
    """The places given to `org`, a child union of the set's holder (no `parent`) or of the union whose allocation
    it re-allocates (`parent`); a re-allocated allocation is the sub-total of its children."""

    quota_set = models.ForeignKey(
        QuotaSet, verbose_name=_("名额"), on_delete=models.CASCADE, related_name="allocations"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("分配单位"), on_delete=models.PROTECT, related_name="quota_allocations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分配"),
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    allocated = models.PositiveIntegerField(_("分配名额"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("分配人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("名额分配")
        verbose_name_plural = _("名额分配")
        ordering: ClassVar[list[str]] = ["org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["quota_set", "org"], name="quotas_one_allocation_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.quota_set} · {self.org}"


class QuotaUse(BaseModel, OrgScoped):
    """`count` places of `allocation` taken by `used_by` (a nomination …); released ones stay as history."""

    scope_path: ClassVar[str] = "allocation__org__path"

    allocation = models.ForeignKey(
        QuotaAllocation, verbose_name=_("名额分配"), on_delete=models.CASCADE, related_name="uses"
    )
    used_by_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    used_by_id = models.PositiveBigIntegerField()
    used_by = GenericForeignKey("used_by_type", "used_by_id")
    count = models.PositiveIntegerField(_("占用名额"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("占用人"), on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("释放时间"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("释放人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("名额占用")
        verbose_name_plural = _("名额占用")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["allocation", "used_by_type", "used_by_id"],
                condition=models.Q(released_at__isnull=True),
                name="quotas_one_active_use_per_owner",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["used_by_type", "used_by_id"], name="quotas_use_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.count}"
