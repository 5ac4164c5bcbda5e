"""集体协商 and 集体合同."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    ContractKind,
    ContractStatus,
    NegotiationParty,
    NegotiationStatus,
)
from .congress import Motion


# --- contracts ----------------------------------------------------------------------------------------------------
class CollectiveNegotiation(BaseModel, OrgScoped):
    """集体协商 of a unit for one contract kind: who asked (要约), the representatives of both sides, the meetings."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.PROTECT, related_name="+"
    )
    contract_kind = models.CharField(_("合同类型"), max_length=16, choices=ContractKind.choices)
    title = models.CharField(_("协商议题"), max_length=100)
    requested_by = models.CharField(_("要约方"), max_length=10, choices=NegotiationParty.choices)
    requested_on = models.DateField(_("要约日期"))
    union_representatives = models.TextField(_("职工方首席代表及代表"), blank=True)
    employer_representatives = models.TextField(_("用人单位方代表"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=NegotiationStatus.choices, default=NegotiationStatus.REQUESTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("集体协商")
        verbose_name_plural = _("集体协商")
        ordering: ClassVar[list[str]] = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class NegotiationMeeting(BaseModel, OrgScoped):
    scope_path = "negotiation__org__path"

    negotiation = models.ForeignKey(
        CollectiveNegotiation, verbose_name=_("集体协商"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("协商日期"))
    venue = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.TextField(_("参加人员"), blank=True)
    minutes = models.TextField(_("协商纪要"))

    class Meta:
        verbose_name = _("协商会议")
        verbose_name_plural = _("协商会议")
        ordering: ClassVar[list[str]] = ["negotiation_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.negotiation_id}/{self.held_on}"


class CollectiveContract(BaseModel, OrgScoped):
    """集体合同 of a unit: approved by its congress (a `Motion`), signed, filed with the labour administration within
    10 days of signing (`filing_due_on`), in effect unless objected to within 15 days of filing
    (`objection_ends_on`); both last days move past a 法定节假日 (`calendars.workdays.period_end`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("合同类型"), max_length=16, choices=ContractKind.choices)
    title = models.CharField(_("合同名称"), max_length=100)
    negotiation = models.ForeignKey(
        CollectiveNegotiation,
        verbose_name=_("集体协商"),
        on_delete=models.SET_NULL,
        related_name="contracts",
        null=True,
        blank=True,
    )
    content = models.TextField(_("主要条款"), blank=True)
    motion = models.ForeignKey(
        Motion,
        verbose_name=_("职代会表决"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("职代会通过日期"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    filing_due_on = models.DateField(_("应报送备案截止日"), null=True, blank=True)
    filed_on = models.DateField(_("报送备案日期"), null=True, blank=True)
    filed_with = models.CharField(_("备案机关"), max_length=60, blank=True)
    objection_ends_on = models.DateField(_("异议期届满日"), null=True, blank=True)
    objected_on = models.DateField(_("收到异议日期"), null=True, blank=True)
    objection_note = models.TextField(_("异议内容"), blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    term_starts_on = models.DateField(_("期限开始"), null=True, blank=True)
    term_ends_on = models.DateField(_("期限届满"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("续签自"),
        on_delete=models.SET_NULL,
        related_name="renewals",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering: ClassVar[list[str]] = ["org__path", "kind", "-signed_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_starts_on__isnull=True)
                | Q(term_ends_on__gte=models.F("term_starts_on")),
                name="congresses_contract_term",
                violation_error_message=_("期限届满日期不能早于期限开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congresses:contract_detail", args=[self.public_id])
