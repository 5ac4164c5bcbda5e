"""Users and role grants. Cadres log in by username, members by mobile number."""

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import BaseModel

from .choices import SmsCodePurpose
from .identity import validate_mobile


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> "User":
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a cadre (username) or a member (mobile number)."""

    username = models.CharField(
        _("用户名"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("该用户名已被使用")},
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(
        _("手机号"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_mobile],
        error_messages={"unique": _("该手机号已绑定其他账号")},
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(_("平台运维"), default=False)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    # 长辈版 (关怀模式) of the member portal: larger text and targets, a simpler home; the person's own choice.
    portal_care_mode = models.BooleanField(_("会员端长辈版"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering: ClassVar[list[str]] = ["username"]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username


class RoleGrant(BaseModel):
    """A role held by a user on an org; it applies to that org and everything below it."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=32)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="grants"
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("授权人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering: ClassVar[list[str]] = ["user_id", "org__path", "role"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "role", "org"], name="uniq_role_grant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role_label} @ {self.org_id}"

    @property
    def role_label(self) -> str:
        from gonghui.core.registry import roles

        return roles.get(self.role).label if self.role in roles else self.role


class ObjectGrant(BaseModel):
    """A role held by a user on ONE object (a review round, an offer …) until `expires_at`: how people outside the
    union tree (a 市教育局 contact, an outside expert, a merchant) see that object and nothing else. Made by the
    union owning the object (`org`, the object's org); revoked or expired, it counts for nothing anywhere."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="object_grants"
    )
    role = models.CharField(_("角色"), max_length=32)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    content_object = GenericForeignKey("content_type", "object_id")
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("授权工会"), on_delete=models.PROTECT, related_name="object_grants"
    )
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("授权人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("对象授权")
        verbose_name_plural = _("对象授权")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "expires_at"], name="accounts_objgrant_user_exp"),
            models.Index(fields=["content_type", "object_id"], name="accounts_objgrant_object"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role_label} @ {self.content_type_id}:{self.object_id}"

    @property
    def role_label(self) -> str:
        from gonghui.core.registry import roles

        return roles.get(self.role).label if self.role in roles else self.role

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("已撤销"))
        return str(_("有效")) if self.expires_at > timezone.now() else str(_("已到期"))


class SmsCode(BaseModel):
    """A one-time code sent by SMS. Only its keyed hash is stored; it expires and allows few attempts."""

    phone = models.CharField(_("手机号"), max_length=11)
    purpose = models.CharField(_("用途"), max_length=16, choices=SmsCodePurpose.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    # the requesting address, for the per-IP limit (codes issued outside a web request have none)
    ip = models.GenericIPAddressField(_("请求地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["phone", "purpose", "created_at"]),
            models.Index(fields=["ip", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.get_purpose_display()}"


class ApiToken(BaseModel):
    """A bearer token for an app or integration. It acts as its user, narrowed to its scopes; only a hash of
    the secret is stored (the secret is shown once, at creation)."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, unique=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    scopes = models.JSONField(_("权限范围"), default=list)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
