"""签到: a `CheckIn` of a member at a target of any app (generic relation, kinds in targets.py), the member's
`MemberCodeSecret` behind the rotating 会员码 (codes.py), and this block's own target, the `CheckinSession`
(签到场次) a union opens for a meeting or a class."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import CheckinMethod


class MemberCodeSecret(BaseModel, OrgScoped):
    """The TOTP secret of one member's 会员码, kept encrypted (accounts.identity's Fernet key); rotated by a
    new row value (`rotated_at`) when a phone is lost."""

    scope_path: ClassVar[str] = "member__org__path"

    member = models.OneToOneField(
        "members.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="code_secret"
    )
    secret_encrypted = models.TextField(_("密钥（加密）"))
    rotated_at = models.DateTimeField(_("更换时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会员码密钥")
        verbose_name_plural = _("会员码密钥")

    def __str__(self) -> str:
        return f"会员码密钥 {self.member_id}"


class CheckinSession(BaseModel, OrgScoped):
    """签到场次: a meeting or class of a union; its subtree's holding members (or the members of a 名单) check in
    between `starts_at` and `ends_at`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="checkin_sessions"
    )
    title = models.CharField(_("签到名称"), max_length=120)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("签到开始时间"))
    ends_at = models.DateTimeField(_("签到结束时间"))
    target_list = models.ForeignKey(
        "members.TargetList",
        verbose_name=_("签到名单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("签到场次")
        verbose_name_plural = _("签到场次")
        ordering: ClassVar[list[str]] = ["-starts_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="checkins_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CheckIn(BaseModel, OrgScoped):
    """One member's check-in at one target (at most one: the unique constraint makes a code single-use per
    target and a member check in once). `org` is the target's union (scoping); `step` the TOTP step of the code
    scanned (None for a manual check-in)."""

    target_kind = models.CharField(_("签到类别"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="check_ins"
    )
    method = models.CharField(_("方式"), max_length=8, choices=CheckinMethod.choices)
    step = models.BigIntegerField(_("会员码时段"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签到人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("签到时间"))

    class Meta:
        verbose_name = _("签到记录")
        verbose_name_plural = _("签到记录")
        ordering: ClassVar[list[str]] = ["-at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "member"], name="checkins_once_per_target"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id", "at"], name="checkins_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.target_type_id}/{self.target_id}"
