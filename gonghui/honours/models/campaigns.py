"""Honours campaigns (`HonourCampaign`: 焦作标兵, 最美医生/护士/教师, 模范职工之家/小家, 优秀工会工作者, the year's
示范性创新工作室), the `Nomination`s unions make within their quota and the `Honour` records naming produces (or a
cadre records by hand for an older or outside honour: 全国五一劳动奖章 …)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, above_q
from gonghui.core.models import BaseModel

from ..choices import (
    LIVE_NOMINATION_STATUSES,
    CampaignCategory,
    CampaignStatus,
    HonourLevel,
    NominationStatus,
    NomineeKind,
    Stage,
)


class HonourCampaign(BaseModel, OrgScoped):
    """A campaign run by `org`. `stages` lists the configured stages in `choices.STAGE_ORDER` order (基层推荐 and
    命名 always); `stage` is the one it is at while running. Nominations are counted against `quota_set` (allocated
    down the tree on the quotas pages; none: no limit). The 市级评审 stage scores on `review_round`; naming pays
    `reward_levels` ([{"level": "焦作标兵", "amount": "5000"}, …]) from `budget_line`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="honour_campaigns"
    )
    title = models.CharField(_("评选名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("评选类别"), max_length=20, choices=CampaignCategory.choices)
    nominee_kind = models.CharField(_("评选对象"), max_length=16, choices=NomineeKind.choices)
    criteria = models.TextField(_("评选条件"), blank=True)
    materials = models.JSONField(
        _("申报材料"), default=list, blank=True, help_text=_("每项一种材料，如：事迹材料")
    )
    stages = models.JSONField(_("评选环节"), default=list)
    status = models.CharField(
        _("状态"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    stage = models.CharField(_("当前环节"), max_length=16, choices=Stage.choices, default=Stage.NOMINATE)
    nomination_deadline = models.DateTimeField(_("推荐截止时间"))
    quota_set = models.ForeignKey(
        "quotas.QuotaSet",
        verbose_name=_("推荐名额"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("市级评审"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    wants_stories = models.BooleanField(_("收集先进事迹（文字、照片）"), default=False)
    reward_levels = models.JSONField(_("奖励标准"), default=list, blank=True)
    budget_line = models.ForeignKey(
        "ledger.BudgetLine",
        verbose_name=_("奖励经费"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    meeting_held_on = models.DateField(_("会议日期"), null=True, blank=True)
    meeting_name = models.CharField(
        _("会议名称"), max_length=200, blank=True, help_text=_("如：市教科文卫体工会主席办公会")
    )
    meeting_minutes = models.TextField(_("会议纪要"), blank=True)
    named_on = models.DateField(_("命名日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("评选表彰")
        verbose_name_plural = _("评选表彰")
        ordering = ("-year", "-created_at")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honours:detail", args=[self.pk])

    @classmethod
    def visible_q(cls, user: Visitor, action: str = "honours.view") -> Q:
        """Campaigns run in the user's subtrees; for viewing, also those run above them once they are not drafts
        (a city campaign is for every union below: they nominate)."""
        own = super().visible_q(user, action)
        if action != "honours.view":
            return own
        return own | (above_q(user, action, path_field="org__path") & ~Q(status=CampaignStatus.DRAFT))


class Nomination(BaseModel, OrgScoped):
    """One nominee put forward by `nominating_org`: a member (person campaigns), a union (`nominee_org`) or a
    studio (`studio`). `facts` is the nominee's record copied when nominated (姓名, 性别, 出生年月, 岗位, 职称 …, or
    the union's facts), `deeds` the 主要事迹; required materials are attachments of the nomination. `score` and
    `rank` come from the 市级评审, `honour_level` from the meeting."""

    scope_path: ClassVar[str] = "nominating_org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        HonourCampaign, verbose_name=_("评选"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominating_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("被推荐人"),
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
    )
    nominee_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("被推荐集体"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    studio = models.ForeignKey(
        "honours.InnovationStudio",
        verbose_name=_("创新工作室"),
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
    )
    nominee_name = models.CharField(_("推荐对象"), max_length=200)
    nominee_unit = models.CharField(_("工作单位"), max_length=200, blank=True)
    facts = models.JSONField(_("基本情况"), default=dict, blank=True)
    deeds = models.TextField(_("主要事迹"), blank=True)
    story = models.TextField(_("先进事迹（宣传稿）"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    review_entry = models.OneToOneField(
        "reviews.ReviewEntry",
        verbose_name=_("评审条目"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    score = models.DecimalField(_("评审得分"), max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("评审名次"), null=True, blank=True)
    honour_level = models.CharField(_("授予称号/等次"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("推荐时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
        ordering = ("campaign", "rank", "pk")
        indexes = [models.Index(fields=["campaign", "status"], name="honours_nomination_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(member__isnull=False, status__in=LIVE_NOMINATION_STATUSES),
                name="honours_one_live_nomination_per_member",
            ),
            models.UniqueConstraint(
                fields=["campaign", "nominee_org"],
                condition=Q(nominee_org__isnull=False, status__in=LIVE_NOMINATION_STATUSES),
                name="honours_one_live_nomination_per_org",
            ),
            models.UniqueConstraint(
                fields=["campaign", "studio"],
                condition=Q(studio__isnull=False, status__in=LIVE_NOMINATION_STATUSES),
                name="honours_one_live_nomination_per_studio",
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    def get_absolute_url(self) -> str:
        return reverse("honours:nomination_detail", args=[self.pk])


class Honour(BaseModel, OrgScoped):
    """An honour held by a person (`member`) or a union (`holder_org` alone): made when a campaign names its
    nominations, or recorded by hand (`campaign` empty) for an older or outside honour. `org` is the union the
    record belongs to (the member's union, or the honoured union). `story` (and a photo attachment) is the 最美
    story the 宣传 module publishes; `reward_amount` what naming pays through the ledger."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        HonourCampaign,
        verbose_name=_("评选"),
        on_delete=models.PROTECT,
        related_name="honours",
        null=True,
        blank=True,
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("推荐"),
        on_delete=models.PROTECT,
        related_name="honour",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("获得者"),
        on_delete=models.PROTECT,
        related_name="honours",
        null=True,
        blank=True,
    )
    holder_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("获得集体"),
        on_delete=models.PROTECT,
        related_name="honours",
        null=True,
        blank=True,
    )
    holder_name = models.CharField(_("获得者"), max_length=200)
    holder_unit = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("荣誉称号"), max_length=200)
    level = models.CharField(
        _("荣誉级别"), max_length=16, choices=HonourLevel.choices, default=HonourLevel.SYSTEM
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_by = models.CharField(_("授予单位"), max_length=200)
    awarded_on = models.DateField(_("授予日期"))
    story = models.TextField(_("先进事迹"), blank=True)
    reward_amount = models.DecimalField(_("奖励金额"), max_digits=12, decimal_places=2, null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ("-year", "-awarded_on", "pk")
        indexes = [models.Index(fields=["year", "level"], name="honours_honour_year_level")]

    def __str__(self) -> str:
        return f"{self.holder_name}·{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("honours:honour_detail", args=[self.pk])
