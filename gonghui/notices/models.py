"""公示: a `Notice` published by a union about an owner object of any app (generic relation, kinds in owners.py),
listing `NoticeEntry` rows — only the facts chosen for publication, never an ID number or phone — for a window of
days; members of the audience's subtree raise `Objection`s (异议), named or anonymous, each answered by a handler."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import EntryKind, EntryStatus, NoticeStatus, ObjectionStatus, WindowUnit


class Notice(BaseModel, OrgScoped):
    """One 公示: published by `org`, about `owner`, seen by the members of `audience`'s subtree on the portal during
    [starts_on, ends_on]; closed by the scheduled job when the window has ended."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="notices_published"
    )
    audience = models.ForeignKey(
        "orgs.Org", verbose_name=_("公示范围"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("公示类别"), max_length=64, db_index=True)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("公示标题"), max_length=200)
    body = models.TextField(_("公示说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    window_length = models.PositiveSmallIntegerField(_("公示期"))
    window_unit = models.CharField(_("公示期单位"), max_length=16, choices=WindowUnit.choices)
    starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancel_reason = models.TextField(_("撤销原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner_type", "owner_id"], name="notices_owner_idx"),
            models.Index(fields=["status", "ends_on"], name="notices_status_end_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def window_label(self) -> str:
        return f"{self.window_length}{WindowUnit(self.window_unit).label}"


class NoticeEntry(BaseModel, OrgScoped):
    """One person or union on a notice, with only the published facts. `subject` is the owner app's own row (a
    nomination, a volunteer record …) that the kind's `on_entry_withdrawn` callback acts on."""

    scope_path: ClassVar[str] = "notice__org__path"

    notice = models.ForeignKey(
        Notice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    entry_kind = models.CharField(
        _("对象类型"), max_length=16, choices=EntryKind.choices, default=EntryKind.PERSON
    )
    name = models.CharField(_("姓名或名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=200, blank=True)
    reason = models.CharField(_("事由"), max_length=300, blank=True)
    extra = models.CharField(_("备注"), max_length=300, blank=True)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(
        _("状态"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.LISTED
    )
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示对象")
        verbose_name_plural = _("公示对象")
        ordering: ClassVar[list[str]] = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_listed(self) -> bool:
        return self.status == EntryStatus.LISTED


class Objection(BaseModel, OrgScoped):
    """异议: raised by a member of the audience during the window, about one entry or the notice as a whole. A named
    objection shows the objector's name to the handler; an anonymous one shows neither the objector nor the
    contact — the contact is stored encrypted and revealed only with an audit row."""

    scope_path: ClassVar[str] = "notice__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notice = models.ForeignKey(
        Notice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name=_("针对对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    number = models.CharField(_("受理编号"), max_length=40, unique=True)
    text = models.TextField(_("异议内容"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    # The submitter is kept for 我的办理 (the member follows their own objection); pages of handlers never show it
    # for an anonymous objection.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    shown_name = models.CharField(_("署名"), max_length=100, blank=True)
    contact_encrypted = models.TextField(_("联系方式（加密）"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering: ClassVar[list[str]] = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.OPEN

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_encrypted)
