"""The minimal member record the foundation needs; the members issue extends it."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.identity import Gender, IdType, mask_phone, validate_mobile
from gonghui.accounts.scoping import scope_q
from gonghui.core.models import BaseModel

from .choices import HOLDING_STATUSES, MemberStatus


class Member(BaseModel):
    """会员: a person's membership of one union, with their identity kept encrypted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_encrypted = models.TextField(_("证件号码（密文）"))
    id_number_hash = models.CharField(_("证件号码摘要"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("证件号码"), max_length=32)
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    status = models.CharField(
        _("会籍状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering: ClassVar[list[str]] = ["org_id", "name", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # One person is never a holding member of two unions (enforced by the database).
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(status__in=HOLDING_STATUSES),
                name="uniq_member_holding_identity",
                violation_error_message=_("此人已是在籍会员，不能重复入会"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.public_id])

    @classmethod
    def visible_q(cls, user: Any, action: str = "members.view") -> Q:
        return scope_q(user, action, path_field="org__path")

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
