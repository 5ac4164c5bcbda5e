"""Cross-cutting tables: the handling timeline and the append-only audit log. No domain models here."""

from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

# Re-exported: AuditAction lives in choices.py, and the many importers that name it from here keep working.
from .choices import AuditAction as AuditAction


class BaseModel(models.Model):
    """Abstract base with creation and update timestamps."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class TimelineEntry(models.Model):
    """One row of an object's handling history: who did what, from which state to which, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64)
    action_label = models.CharField(_("操作名称"), max_length=100)
    from_state = models.CharField(_("原状态"), max_length=64, blank=True)
    to_state = models.CharField(_("新状态"), max_length=64, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("时间线记录")
        verbose_name_plural = _("时间线记录")
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action_label} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_state_label(self) -> str:
        return state_label(self.content_type_id, self.from_state)

    @property
    def to_state_label(self) -> str:
        """The state in Chinese (`草稿`, not `draft`): the label of the subject model's state field."""
        return state_label(self.content_type_id, self.to_state)


@cache
def _state_labels(model: type[models.Model]) -> dict[str, str]:
    """value → label of a model's choice fields, its `status` field first."""
    labels: dict[str, str] = {}
    for field in sorted(model._meta.concrete_fields, key=lambda f: f.name != "status"):
        for value, label in field.choices or ():
            if isinstance(value, str):
                labels.setdefault(value, str(label))
    return labels


def state_label(content_type_id: int, value: str) -> str:
    """A timeline row's state as the person reads it; a value no choice knows is shown as stored."""
    if not value:
        return ""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return _state_labels(model).get(value, value) if model is not None else value


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied(_("审计日志只能追加，不能修改"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("审计日志只能追加，不能删除"))


class AuditLog(models.Model):
    """Append-only record of logins, admin edits, exports and every reveal of unmasked personal data.

    `org_id` is the union the event concerns (a plain id, so the log survives org moves and
    core stays free of domain imports); scoping is done by the accounts selectors.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("类型"), max_length=32, choices=AuditAction.choices)
    summary = models.CharField(_("内容"), max_length=300)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    org_id = models.BigIntegerField(_("所属组织"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied(_("审计日志只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("审计日志只能追加，不能删除"))


class NumberSequence(models.Model):
    """The last number issued in one series of one issuer in one year (文号 焦教工〔2020〕8号, case numbers).
    Numbers are taken inside the caller's transaction with a row lock, so they are unique and gap-free, and a
    number once issued is never issued again (the counter only grows)."""

    issuer_id = models.BigIntegerField(_("发文机关"))
    series = models.CharField(_("系列"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年份"))
    last_number = models.PositiveIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        ordering: ClassVar[list[str]] = ["issuer_id", "series", "year"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["issuer_id", "series", "year"], name="uniq_number_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.series}〔{self.year}〕{self.last_number}号"
