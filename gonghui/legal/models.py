"""法律服务: 法律咨询 (`Consultation`), 法律援助申请 (`LegalAidApplication`) and the 律师库 (`Lawyer`).

Every object belongs to a union (`org`); cadres see it through `visible_q` (the union's subtree). An outside
lawyer sees only what is assigned to them (`assigned_lawyer__user`), never through org scope."""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, above_q
from gonghui.core.models import BaseModel
from gonghui.orgs.models import Org

from .choices import AidOutcome, AidStatus, Channel, ConsultationStatus, DisputeType, LegalCategory

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Lawyer(BaseModel, OrgScoped):
    """A lawyer in a union's 律师库 (often an outside lawyer of a partner firm). Registered by one union and
    available to that union and every union below it. A lawyer is deactivated, never deleted; `user` is the
    lawyer's login (role `lawyer` on `org`), through which they see the cases assigned to them."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(Org, verbose_name=_("登记工会"), on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lawyer",
    )
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("执业机构"), max_length=100)
    licence_number = models.CharField(_("执业证号"), max_length=17, unique=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    specialties = models.CharField(_("擅长领域"), max_length=200, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("律师")
        verbose_name_plural = _("律师库")
        ordering: ClassVar[list[str]] = ["-active", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = "legal.view") -> Q:
        """Lawyers registered in the user's subtrees, and those registered above them (shared down)."""
        return super().visible_q(user, action) | above_q(user, action, path_field="org__path")


class Consultation(BaseModel, OrgScoped):
    """法律咨询: a question from a member (portal) or recorded by a cadre, answered by a handler or by an
    assigned lawyer; with the asker's consent an anonymised copy is published to the FAQ."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("编号"), max_length=20, unique=True)
    org = models.ForeignKey(
        Org, verbose_name=_("受理工会"), on_delete=models.PROTECT, related_name="legal_consultations"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_consultations",
    )
    asker_name = models.CharField(_("咨询人"), max_length=50)
    asker_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    category = models.CharField(_("类别"), max_length=20, choices=LegalCategory.choices)
    title = models.CharField(_("标题"), max_length=100)
    question = models.TextField(_("问题"), max_length=2000)
    publish_consent = models.BooleanField(_("同意匿名公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.PENDING
    )
    assigned_lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("指派律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    answer = models.TextField(_("解答"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解答人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("解答时间"), null=True, blank=True)
    published_title = models.CharField(_("公开标题"), max_length=100, blank=True)
    published_question = models.TextField(_("公开的问题"), max_length=2000, blank=True)
    published_answer = models.TextField(_("公开的解答"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(status=ConsultationStatus.PUBLISHED) | Q(publish_consent=True),
                name="legal_consultation_published_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_published(self) -> bool:
        """Its anonymised copy is in the FAQ now (the detail page shows that copy)."""
        return self.status == ConsultationStatus.PUBLISHED


class LegalAidApplication(BaseModel, OrgScoped):
    """法律援助申请: reviewed by the union within 10 working days, then approved with an assigned lawyer or
    rejected with a reason; an approved case ends with its outcome and the amount recovered."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("编号"), max_length=20, unique=True)
    org = models.ForeignKey(
        Org, verbose_name=_("受理工会"), on_delete=models.PROTECT, related_name="legal_aid_applications"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_applications",
    )
    applicant_name = models.CharField(_("申请人"), max_length=50)
    applicant_phone = models.CharField(_("联系电话"), max_length=20)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    dispute_type = models.CharField(_("争议类型"), max_length=20, choices=DisputeType.choices)
    amount_involved = models.DecimalField(_("涉及金额（元）"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    opposing_party = models.CharField(_("对方当事人"), max_length=100)
    facts = models.TextField(_("事实与理由"), max_length=4000)
    evidence_list = models.TextField(_("证据清单"), max_length=2000, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=AidStatus.choices, default=AidStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("申请日期"))
    review_due_on = models.DateField(_("审查期限"))
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_workdays = models.PositiveIntegerField(_("审查用时（工作日）"), null=True, blank=True)
    reject_reason = models.CharField(_("不予援助理由"), max_length=500, blank=True)
    assigned_lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("承办律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    outcome = models.CharField(_("办理结果"), max_length=12, choices=AidOutcome.choices, blank=True)
    amount_recovered = models.DecimalField(_("挽回金额（元）"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    outcome_note = models.CharField(_("结果说明"), max_length=500, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("法律援助申请")
        verbose_name_plural = _("法律援助申请")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(status__in=[AidStatus.APPROVED, AidStatus.CLOSED])
                | Q(assigned_lawyer__isnull=False),
                name="legal_aid_approved_has_lawyer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def under_review(self) -> bool:
        """Still waiting for the union's review (the applicant sees its review deadline)."""
        return self.status == AidStatus.SUBMITTED
