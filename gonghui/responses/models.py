"""The anonymous-response store: who took part (`Participation`) is kept apart from what was answered
(`AnonymousAnswer`), with a member-free buffer (`PendingAnswer`) between them, and one `Collection` row per owner
saying whether it still collects.

None of these tables inherits `core.BaseModel`: its `created_at` / `updated_at` timestamps and an auto-increment id
would record the order and the minute of each submission, and an answer could then be matched to the participation
written at the same moment. Every primary key here is a random UUID (uuid4) and the only times are dates."""

import uuid
from typing import ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CollectionStatus


class OwnedByKind(models.Model):
    """The owner (any app's survey or ballot, through a generic relation) and its registered kind."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Collection(OwnedByKind):
    """收集: whether an owner still takes responses. Made by the first response or by closing."""

    status = models.CharField(
        _("状态"), max_length=8, choices=CollectionStatus.choices, default=CollectionStatus.OPEN
    )
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("答卷收集")
        verbose_name_plural = _("答卷收集")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"], name="responses_one_collection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Participation(OwnedByKind):
    """参与记录: that a member took part, on which day, and the receipt code they keep — never what they answered.
    One per owner and member."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    taken_on = models.DateField(_("参与日期"))
    receipt_code = models.CharField(_("回执码"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "member"], name="responses_one_per_member"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["kind", "content_type", "object_id"])]

    def __str__(self) -> str:
        return self.receipt_code


class PendingAnswer(OwnedByKind):
    """待写入答卷: an answer waiting in the buffer until ten are pending or the collection closes
    (`services.responses_flush`). No member, no date, no time; a random key; the flush deletes it. It is written in a
    transaction of its own, apart from the participation's (see `services.response_submit`)."""

    answers = models.JSONField(_("答案"), default=dict)
    attributes = models.JSONField(_("属性"), default=dict)

    class Meta:
        verbose_name = _("待写入答卷")
        verbose_name_plural = _("待写入答卷")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["kind", "content_type", "object_id"])]

    def __str__(self) -> str:
        return str(self.pk)


class AnonymousAnswer(OwnedByKind):
    """匿名答卷: one answer with a random key (the UUID primary key), the date it was written from the buffer, the
    answers and only the owner's declared coarse attributes (`coarsening.py`). No member, user, IP, session or time
    of day: nothing that points back to a `Participation`."""

    recorded_on = models.DateField(_("写入日期"))
    answers = models.JSONField(_("答案"), default=dict)
    attributes = models.JSONField(_("属性"), default=dict)

    class Meta:
        verbose_name = _("匿名答卷")
        verbose_name_plural = _("匿名答卷")
        ordering: ClassVar[list[str]] = ["id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["kind", "content_type", "object_id"])]

    def __str__(self) -> str:
        return str(self.pk)
