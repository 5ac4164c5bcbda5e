"""公文 models: a sent document (`Document`) with its 文号, one `Receipt` per recipient org (delivery, read,
签收), the `Forward`s recipients add for their own subtree, 收文 (`IncomingDocument`) registered from outside the
platform with its circulation readers (`IncomingReader`), and each issuing union's 发文设置 (`IssuerSettings`: its
发文机关代字 and whether 拟稿、核稿、签发 must be different people)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import (
    Disclosure,
    DocumentStatus,
    IncomingMedium,
    IncomingStatus,
    RecipientRole,
    Urgency,
)

VIEW = "documents.view"


class Document(BaseModel, OrgScoped):
    """A 公文 issued by a union: drafted, reviewed by the office (核稿), signed off (签发, which takes the 文号
    from `core.numbering` and delivers it), and possibly withdrawn before anybody signs for it. The 文号 stays
    with a withdrawn document and is never reused."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发文机关"), on_delete=models.PROTECT, related_name="documents"
    )
    series = models.CharField(_("发文字号（机关代字）"), max_length=20)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    main_to = models.CharField(_("主送"), max_length=500, blank=True)
    main_targets = models.JSONField(_("主送范围"), default=list, blank=True)
    cc_to = models.CharField(_("抄送"), max_length=500, blank=True)
    cc_targets = models.JSONField(_("抄送范围"), default=list, blank=True)
    attachment_note = models.TextField(_("附件说明"), blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    disclosure = models.CharField(
        _("公开属性"), max_length=16, choices=Disclosure.choices, default=Disclosure.NOT_PUBLIC
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    year = models.PositiveIntegerField(_("年份"), null=True, blank=True)
    number = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True, db_index=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核稿人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    source_incoming = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("转发的收文"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forward_documents",
    )
    # 联合行文: the other 发文机关 after the lead (`org`, the drafting union), in order; names, since the bureau or
    # commission a union issues with is outside the union tree. Only the lead's 文号 is used.
    co_issuers = models.JSONField(_("联合发文机关"), default=list, blank=True)
    # 由记录生成: the record (a contest, a 评选表彰…) this draft was made from, and the template used
    # (`record_templates`)
    record_type = models.ForeignKey(
        ContentType,
        verbose_name=_("生成来源类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    record_id = models.CharField(_("生成来源编号"), max_length=64, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    record_template = models.CharField(_("生成模板"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "series", "year", "number"],
                condition=Q(number__isnull=False),
                name="uniq_document_number",
                violation_error_message=_("该文号已被使用"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}" if self.document_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.public_id])

    @property
    def issuers(self) -> list[str]:
        """Every 发文机关 in order: the lead (the drafting union) first, then the 联合发文机关."""
        return [self.org.name, *self.co_issuers]

    @property
    def issuers_text(self) -> str:
        return "、".join(self.issuers)

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """Documents issued in the user's subtrees, OR delivered (a receipt) to an org in them."""
        delivered = Receipt.objects.in_subtrees(user, action).values("document_id")
        return super().visible_q(user, action) | Q(pk__in=delivered)


class IssuerSettings(BaseModel, OrgScoped):
    """发文设置 of one issuing union: the 发文机关代字 (焦教工) a new draft starts with, and 拟稿、核稿、签发须由不同人员.
    A union without a row has no 代字 yet and the separation follows its level (`selectors.issuer_settings_of`)."""

    scope_path = "org__path"

    org = models.OneToOneField(
        "orgs.Org", verbose_name=_("发文机关"), on_delete=models.CASCADE, related_name="issuer_settings"
    )
    series = models.CharField(_("发文机关代字"), max_length=10, blank=True)
    separate_duties = models.BooleanField(_("拟稿、核稿、签发须由不同人员"))

    class Meta:
        verbose_name = _("发文设置")
        verbose_name_plural = _("发文设置")

    def __str__(self) -> str:
        return f"{self.org} 发文设置"


class Forward(OrgScoped):
    """转发: a recipient org passes a document on to orgs of its own subtree, with its own note."""

    scope_path = "from_org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="forwards"
    )
    from_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("转发单位"), on_delete=models.PROTECT, related_name="document_forwards"
    )
    note = models.TextField(_("转发意见"), blank=True)
    targets = models.JSONField(_("转发范围"), default=list, blank=True)
    targets_text = models.CharField(_("转发至"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("转发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("转发时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("转发")
        verbose_name_plural = _("转发")
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_org} 转发 {self.document}"


class Receipt(BaseModel, OrgScoped):
    """The delivery of one document to one org: delivered, read (first reader), 签收 (who, when), and whether
    that org forwarded it on. `forward` is empty for the issuer's own deliveries."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="receipts"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("收文单位"), on_delete=models.PROTECT, related_name="document_receipts"
    )
    role = models.CharField(
        _("送达方式"), max_length=16, choices=RecipientRole.choices, default=RecipientRole.MAIN
    )
    forward = models.ForeignKey(
        Forward,
        verbose_name=_("经转发"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    delivered_at = models.DateTimeField(_("送达时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("阅读人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("转发时间"), null=True, blank=True)
    reminded_count = models.PositiveIntegerField(_("催办次数"), default=0)
    last_reminded_at = models.DateTimeField(_("最近催办"), null=True, blank=True)

    class Meta:
        verbose_name = _("签收")
        verbose_name_plural = _("签收")
        ordering: ClassVar[list[str]] = ["org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["document", "org"], name="uniq_document_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.document}"


class IncomingDocument(BaseModel, OrgScoped):
    """收文: a document from outside the platform (市总工会, a government office…) registered with its own 文号,
    issuer and date, the scan attached, then routed inside the union: 拟办 → 批办 → 传阅 → 办结."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("收文单位"), on_delete=models.PROTECT, related_name="incoming_documents"
    )
    source_issuer = models.CharField(_("来文单位"), max_length=100)
    source_number = models.CharField(_("来文文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    doc_date = models.DateField(_("成文日期"), null=True, blank=True)
    received_on = models.DateField(_("收文日期"))
    medium = models.CharField(
        _("载体"), max_length=16, choices=IncomingMedium.choices, default=IncomingMedium.PAPER
    )
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    summary = models.TextField(_("内容摘要"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=IncomingStatus.choices, default=IncomingStatus.REGISTERED
    )
    proposal = models.TextField(_("拟办意见"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instruction = models.TextField(_("批办意见"), blank=True)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("收文")
        verbose_name_plural = _("收文")
        ordering: ClassVar[list[str]] = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:incoming_detail", args=[self.public_id])


class IncomingReader(models.Model):
    """传阅: one cadre a 收文 is circulated to, and when they read it."""

    incoming = models.ForeignKey(
        IncomingDocument, verbose_name=_("收文"), on_delete=models.CASCADE, related_name="readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("传阅人"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("阅毕时间"), null=True, blank=True)
    note = models.CharField(_("阅办意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("传阅")
        verbose_name_plural = _("传阅")
        ordering: ClassVar[list[str]] = ["id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["incoming", "user"], name="uniq_incoming_reader"),
        ]

    def __str__(self) -> str:
        return f"{self.incoming} · {self.user}"
