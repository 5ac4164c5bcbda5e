"""劳动和技能竞赛: a `Contest` run by a union (with co-organisers outside the union tree named in `co_organisers`
and given object-scoped accounts), its `ContestGroup`s (小学语文, 护理 …), its `ContestRound`s (基层初赛 → 县区复赛
→ 市级决赛, each with entry quotas from the quotas block and judged on a reviews round), the `Entry` rows unions
make for their members (`EntryMember`, one row per person: individual or team) and the `LibraryItem`s of its
results library (竞赛成果)."""

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

from .choices import ContestStatus, EntryKind, EntryStatus, LibraryKind, RoundStatus


class Contest(BaseModel, OrgScoped):
    """A competition organised by `org`. `eligibility` is a member filter (`members.MemberFilter.as_dict()`:
    岗位类别, age bands, 用工性质 …) every entrant must match; `closes_on` is the last day outside accounts
    granted on it keep access."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="contests"
    )
    title = models.CharField(_("竞赛名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    co_organisers = models.JSONField(
        _("联合主办单位"), default=list, blank=True, help_text=_("如：焦作市教育局；联合行文时列为发文机关")
    )
    description = models.TextField(_("竞赛说明"), blank=True)
    eligibility = models.JSONField(_("参赛条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    closes_on = models.DateField(_("结束日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        ordering = ("-year", "-created_at")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", args=[self.pk])

    @classmethod
    def visible_q(cls, user: Visitor, action: str = "contests.view") -> Q:
        """Contests organised in the user's subtrees; for viewing, also those organised above them once they
        are no longer drafts (a city contest is for every union below: they enter their members)."""
        own = super().visible_q(user, action)
        if action != "contests.view":
            return own
        return own | (above_q(user, action, path_field="org__path") & ~Q(status=ContestStatus.DRAFT))


class ContestGroup(BaseModel, OrgScoped):
    """A group (组别) entries compete in; a team group takes up to `team_size_max` people per entry."""

    scope_path: ClassVar[str] = "contest__org__path"

    contest = models.ForeignKey(
        Contest, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("组别"), max_length=100)
    entry_kind = models.CharField(
        _("参赛形式"), max_length=16, choices=EntryKind.choices, default=EntryKind.INDIVIDUAL
    )
    team_size_max = models.PositiveSmallIntegerField(_("每队人数上限"), default=1)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("竞赛组别")
        verbose_name_plural = _("竞赛组别")
        ordering = ("order", "pk")
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contests_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class ContestRound(BaseModel, OrgScoped):
    """A round (赛段) of a contest, `level` 1 first. Unions enter members until `entry_deadline` within their share
    of `quota_set` (none: no limit); later rounds are filled by promotion from the round before (`promote_count`
    or `promote_share` of each group). Judging runs on `review_round`; `award_rules` (the last round's, usually)
    are [{"level": "一等奖", "basis": "count"|"share", "value": "1"|"0.1"}, …] in order, counted per group."""

    scope_path: ClassVar[str] = "contest__org__path"

    contest = models.ForeignKey(
        Contest, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="rounds"
    )
    level = models.PositiveSmallIntegerField(_("轮次"))
    name = models.CharField(_("赛段名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.ENTERING
    )
    entry_deadline = models.DateTimeField(_("报名截止时间"))
    quota_set = models.ForeignKey(
        "quotas.QuotaSet",
        verbose_name=_("报名名额"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("评审"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    promote_count = models.PositiveSmallIntegerField(_("每组晋级人数"), null=True, blank=True)
    promote_share = models.DecimalField(
        _("每组晋级比例"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    award_rules = models.JSONField(_("奖项设置"), default=list, blank=True)

    class Meta:
        verbose_name = _("赛段")
        verbose_name_plural = _("赛段")
        ordering = ("contest", "level")
        constraints = [
            models.UniqueConstraint(fields=["contest", "level"], name="contests_round_unique_level")
        ]

    def __str__(self) -> str:
        return f"{self.contest}·{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("contests:round_judging", args=[self.pk])

    @property
    def takes_entries(self) -> bool:
        """Unions enter members here themselves: the first round, or a later one with its own quota (名额推荐 — a
        county that held its 复赛 itself sends its places); other later rounds are filled by promotion only."""
        return self.level == 1 or self.quota_set_id is not None


class Entry(BaseModel, OrgScoped):
    """One entry (参赛) in a round and group, made by `entrant_org` for its members (`EntryMember`). A promoted
    entry in the next round keeps `promoted_from`. `score`, `rank` (within the group) and `award` are written
    when the round's results are made final."""

    scope_path: ClassVar[str] = "entrant_org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        ContestRound, verbose_name=_("赛段"), on_delete=models.CASCADE, related_name="entries"
    )
    group = models.ForeignKey(
        ContestGroup, verbose_name=_("组别"), on_delete=models.PROTECT, related_name="entries"
    )
    entrant_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("报名单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("参赛项目"), max_length=200, blank=True, help_text=_("如课题、作品名称"))
    status = models.CharField(
        _("状态"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.ENTERED
    )
    promoted_from = models.OneToOneField(
        "self",
        verbose_name=_("晋级自"),
        on_delete=models.PROTECT,
        related_name="promoted_to",
        null=True,
        blank=True,
    )
    review_entry = models.OneToOneField(
        "reviews.ReviewEntry",
        verbose_name=_("评审条目"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("组内名次"), null=True, blank=True)
    award = models.CharField(_("奖项"), max_length=50, blank=True)
    promoted = models.BooleanField(_("已晋级"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报名人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("参赛报名")
        verbose_name_plural = _("参赛报名")
        ordering = ("round", "group", "rank", "pk")
        indexes = [models.Index(fields=["round", "group", "status"], name="contests_entry_round_group")]

    def __str__(self) -> str:
        return self.title or f"参赛报名 {self.pk}"


class EntryMember(BaseModel, OrgScoped):
    """A person in an entry (the leader first in a team). `round` is copied from the entry so that a member is in
    at most one live entry per round (`active` turns off on withdrawal or replacement)."""

    scope_path: ClassVar[str] = "entry__entrant_org__path"

    entry = models.ForeignKey(
        Entry, verbose_name=_("参赛报名"), on_delete=models.CASCADE, related_name="people"
    )
    round = models.ForeignKey(
        ContestRound, verbose_name=_("赛段"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="contest_entries"
    )
    is_leader = models.BooleanField(_("队长"), default=False)
    active = models.BooleanField(_("有效"), default=True)
    confirmed_at = models.DateTimeField(_("本人确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("参赛人员")
        verbose_name_plural = _("参赛人员")
        ordering = ("entry", "-is_leader", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(active=True),
                name="contests_member_one_live_entry_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.entry_id}"


class LibraryItem(BaseModel, OrgScoped):
    """竞赛成果: a winning 课例, 教案 or technical result published by `org` for members to find (files are
    attachments of the item). `read_count` is what `run_due_jobs` flushed from the cache counter."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="contest_library_items"
    )
    contest = models.ForeignKey(
        Contest,
        verbose_name=_("竞赛"),
        on_delete=models.SET_NULL,
        related_name="library_items",
        null=True,
        blank=True,
    )
    entry = models.ForeignKey(
        Entry, verbose_name=_("获奖报名"), on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    title = models.CharField(_("成果名称"), max_length=200)
    kind = models.CharField(
        _("成果类型"), max_length=16, choices=LibraryKind.choices, default=LibraryKind.LESSON
    )
    authors = models.CharField(_("完成人"), max_length=200, blank=True)
    summary = models.TextField(_("简介"), blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    read_count = models.PositiveIntegerField(_("阅读次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("竞赛成果")
        verbose_name_plural = _("竞赛成果")
        ordering = ("-published_at", "-pk")

    def __str__(self) -> str:
        return self.title
