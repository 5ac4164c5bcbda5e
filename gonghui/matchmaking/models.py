"""婚恋交友: the profiles single members opt in with (`MatchProfile`), their interest in one another (`Interest`),
blocks (`Block`), reports to the designated cadre (`Report`) and the invitations to a 线下联谊 sent on an
organiser's behalf (`Invitation`).

A privacy boundary: no other app reads these tables except through `matchmaking.selectors` (the import-linter
contract "matchmaking is read through its selectors" and `tests/test_boundary.py` hold it). Cadres see counts only,
never a row. Marital status is never a registry field: a profile exists because its member declared 单身 and signed
the 承诺 here. After withdrawal the profile is hidden at once and its data erased by the scheduled job within
`ERASE_AFTER_DAYS`; the erasure is logged (that it happened), not the data."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import Education, ProfileStatus, ReportOutcome, ReportReason, ReportStatus, Seeking

ERASE_AFTER_DAYS = 30
PLEDGE_VERSION = "2026-1"


class MatchProfile(BaseModel):
    """One member's profile. What other opted-in members see is what the member chose to show (`show_*`); the age
    band is read from the registry birth date and the unit type from the union's 所属行业 at display time, the unit
    name only with `show_unit_name`. `contact_encrypted` is a contact entered for this purpose only (never the
    registry phone), encrypted like an ID number and shown only to a member with mutual interest. One row per
    member for ever: rejoining after withdrawal reuses it with a new pledge."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.OneToOneField(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ProfileStatus.choices, default=ProfileStatus.ACTIVE
    )
    nickname = models.CharField(_("昵称"), max_length=20, blank=True)
    about = models.TextField(_("自我介绍"), max_length=300, blank=True)
    height_cm = models.PositiveSmallIntegerField(
        _("身高（厘米）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(120), MaxValueValidator(230)],
    )
    education = models.CharField(_("学历"), max_length=12, choices=Education.choices, blank=True)
    seeking = models.CharField(_("希望认识"), max_length=3, choices=Seeking.choices, default=Seeking.ANY)
    photo = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_encrypted = models.TextField(_("联系方式（密文）"), blank=True)
    show_photo = models.BooleanField(_("展示照片"), default=False)
    show_age_band = models.BooleanField(_("展示年龄段"), default=True)
    show_height = models.BooleanField(_("展示身高"), default=False)
    show_education = models.BooleanField(_("展示学历"), default=False)
    show_unit_type = models.BooleanField(_("展示单位类型"), default=True)
    show_unit_name = models.BooleanField(_("展示单位名称"), default=False)
    pledge_signed_at = models.DateTimeField(_("签署承诺时间"), null=True, blank=True)
    pledge_version = models.CharField(_("承诺版本"), max_length=10, blank=True)
    joined_at = models.DateTimeField(_("加入时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    erase_due_on = models.DateField(_("资料清除期限"), null=True, blank=True)
    erased_at = models.DateTimeField(_("资料清除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("婚恋交友资料")
        verbose_name_plural = _("婚恋交友资料")
        ordering: ClassVar[list[str]] = ["-joined_at", "id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["status", "erase_due_on"])]

    def __str__(self) -> str:
        return self.nickname or str(self.public_id)[:8]


class Interest(BaseModel):
    """`from_profile` is interested in `to_profile`; both directions make a match, and only then does each see the
    other's contact."""

    from_profile = models.ForeignKey(
        MatchProfile, verbose_name=_("表达者"), on_delete=models.CASCADE, related_name="interests_sent"
    )
    to_profile = models.ForeignKey(
        MatchProfile, verbose_name=_("对象"), on_delete=models.CASCADE, related_name="interests_received"
    )

    class Meta:
        verbose_name = _("心动")
        verbose_name_plural = _("心动")
        ordering: ClassVar[list[str]] = ["-created_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["from_profile", "to_profile"], name="uniq_match_interest"),
            models.CheckConstraint(
                condition=~Q(from_profile=F("to_profile")), name="match_interest_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_profile_id}->{self.to_profile_id}"


class Block(BaseModel):
    """`from_profile` blocked `to_profile`: neither sees the other any more, whoever blocked."""

    from_profile = models.ForeignKey(
        MatchProfile, verbose_name=_("屏蔽者"), on_delete=models.CASCADE, related_name="blocks_made"
    )
    to_profile = models.ForeignKey(
        MatchProfile, verbose_name=_("被屏蔽者"), on_delete=models.CASCADE, related_name="blocks_received"
    )

    class Meta:
        verbose_name = _("屏蔽")
        verbose_name_plural = _("屏蔽")
        ordering: ClassVar[list[str]] = ["-created_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["from_profile", "to_profile"], name="uniq_match_block"),
            models.CheckConstraint(condition=~Q(from_profile=F("to_profile")), name="match_block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_profile_id}x{self.to_profile_id}"


class Report(BaseModel, OrgScoped):
    """A member's report of another profile, handled by a cadre holding `matchmaking.moderate` over the reported
    member's union (the 婚恋交友管理员). The handler sees the reported profile only, each view audited."""

    scope_path = "reported__member__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reporter = models.ForeignKey(
        MatchProfile, verbose_name=_("举报人"), on_delete=models.CASCADE, related_name="reports_made"
    )
    reported = models.ForeignKey(
        MatchProfile, verbose_name=_("被举报资料"), on_delete=models.CASCADE, related_name="reports_received"
    )
    reason = models.CharField(_("举报原因"), max_length=12, choices=ReportReason.choices)
    detail = models.TextField(_("具体情况"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    outcome = models.CharField(_("处理结果"), max_length=12, choices=ReportOutcome.choices, blank=True)
    handler_note = models.CharField(_("处理说明"), max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        ordering: ClassVar[list[str]] = ["status", "-created_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~Q(reporter=F("reported")), name="match_report_not_self"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)[:8]


class Invitation(BaseModel):
    """The invitation to a 线下联谊 (an activity whose audience is "opted-in single members"), sent once by
    matchmaking to every active profile the activity admits; the organiser learns only the count (a small one as
    "<10"), never who."""

    activity = models.OneToOneField(
        "activities.Activity", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_count = models.PositiveIntegerField(_("邀请人数"), default=0)

    class Meta:
        verbose_name = _("联谊邀请")
        verbose_name_plural = _("联谊邀请")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.activity_id}"
