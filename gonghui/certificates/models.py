"""证书: one certificate per (kind, owner, holder), numbered per (issuer, series, year) through core.numbering and
checked by anyone with its code on the public verify page. The holder and the owner (what it was awarded for) are
generic relations, so any app's objects can hold or own certificates through the kind registry (kinds.py)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import CertificateStatus, IssueJobStatus


class Certificate(BaseModel, OrgScoped):
    """证书 issued by a union (`issuer`) to a holder (a member, an org …) for an owner object (an activity, a
    campaign …). Scoped by the issuer's subtree; the public sees it only through its `code`."""

    scope_path: ClassVar[str] = "issuer__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        "orgs.Org", verbose_name=_("发证单位"), on_delete=models.PROTECT, related_name="certificates_issued"
    )
    kind = models.CharField(_("证书类别"), max_length=64, db_index=True)
    series = models.CharField(_("编号代字"), max_length=32)
    year = models.PositiveIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("证书编号"), max_length=80)
    code = models.CharField(_("验证码"), max_length=32, unique=True)
    holder_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    holder_id = models.PositiveBigIntegerField()
    holder = GenericForeignKey("holder_type", "holder_id")
    holder_name = models.CharField(_("持证人"), max_length=100)
    holder_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("持证人单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("证书事由"), max_length=200)
    awarded_on = models.DateField(_("颁发日期"))
    data = models.JSONField(_("证书内容"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_reason = models.TextField(_("撤销原因"), blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发证人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["kind", "owner_type", "owner_id", "holder_type", "holder_id"],
                name="certificates_one_per_holder",
            ),
            models.UniqueConstraint(
                fields=["issuer", "series", "year", "serial"], name="certificates_number_unique"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["holder_type", "holder_id"], name="certificates_holder_idx"),
            models.Index(fields=["owner_type", "owner_id"], name="certificates_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class IssueJob(BaseModel, OrgScoped):
    """批量发证: a background run issuing one kind's certificates to the owner's candidates, with its progress."""

    scope_path: ClassVar[str] = "issuer__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        "orgs.Org", verbose_name=_("发证单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("证书类别"), max_length=64)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("证书事由"), max_length=200)
    awarded_on = models.DateField(_("颁发日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=IssueJobStatus.choices, default=IssueJobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    issued = models.PositiveIntegerField(_("新发"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量发证")
        verbose_name_plural = _("批量发证")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.title}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
