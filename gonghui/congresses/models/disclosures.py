"""校务公开: disclosures, read receipts and the yearly checklist."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    DisclosureCategory,
    DisclosureStatus,
)


# --- disclosures --------------------------------------------------------------------------------------------------
class DisclosureChecklistItem(BaseModel, OrgScoped):
    """One thing a unit must disclose in a year (财务预决算, 职称评聘结果 …); a published `Disclosure` answering it
    closes the gap."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    category = models.CharField(_("公开类别"), max_length=12, choices=DisclosureCategory.choices)
    title = models.CharField(_("应公开事项"), max_length=100)
    due_on = models.DateField(_("应公开日期"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开事项清单")
        verbose_name_plural = _("公开事项清单")
        ordering: ClassVar[list[str]] = ["org_id", "-year", "sort_order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "year", "title"],
                name="congresses_checklist_once",
                violation_error_message=_("本年度清单中已有该事项"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Disclosure(BaseModel, OrgScoped):
    """校务（院务、团务）公开: an item a unit discloses to its staff for a period, with read receipts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("公开类别"), max_length=12, choices=DisclosureCategory.choices)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("公开内容"))
    starts_on = models.DateField(_("公开开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("公开截止日期"), null=True, blank=True)
    checklist_item = models.ForeignKey(
        DisclosureChecklistItem,
        verbose_name=_("对应清单事项"),
        on_delete=models.SET_NULL,
        related_name="disclosures",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("校务公开")
        verbose_name_plural = _("校务公开")
        ordering: ClassVar[list[str]] = ["-published_at", "-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="congresses_disclosure_period",
                violation_error_message=_("公开截止日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congresses:disclosure_detail", args=[self.public_id])


class DisclosureRead(models.Model):
    """A staff member opened a disclosure (the 公文 签收 pattern: first read only)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"))

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["disclosure", "member"], name="congresses_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id}/{self.member_id}"
