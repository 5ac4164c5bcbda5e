"""评审打分, one block for every module that scores entries (竞赛, 评选表彰, 量化评价 …): a union's
`ScoreSheetTemplate` of `Criterion` rows, a `ReviewRound` owned by a row of the module (generic relation) that
scores `ReviewEntry` rows, its `Judge`s (each with the conflicts they declared, `ConflictDeclaration`), and one
`ScoreSheet` of `Score`s per judge and entry. Who may score is decided by `Judge` rows only: the 评委 role merely
opens the console. A round stores the rules it is scored by (tie rules, outlier share, group weights, self-vs-assessor
gap share); in a 自评+考评 round each entry also has one self sheet (`ScoreSheet.is_self`, no judge) scored by the
entrant union, with its evidence as attachments owned by that sheet."""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .aggregation import GAP_SHARE, OUTLIER_SHARE, RoundRules, TieRule
from .choices import BlindMode, RoundMode, RoundStatus, SheetStatus, TieRuleKind


class ScoreSheetTemplate(BaseModel, OrgScoped):
    """评分表模板: the criteria a round scores, kept by a union and reused across rounds."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("模板名称"), max_length=200)

    class Meta:
        verbose_name = _("评分表模板")
        verbose_name_plural = _("评分表模板")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all() if not c.is_veto), Decimal(0))


class Criterion(BaseModel, OrgScoped):
    """One row of a template. A veto item (否决项) carries no points: ticked, it sets the entry's total to zero.
    `weight` multiplies the points in the sheet's total (1 for a plain sum)."""

    scope_path: ClassVar[str] = "template__org__path"

    template = models.ForeignKey(
        ScoreSheetTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("评分项"), max_length=200)
    max_points = models.DecimalField(
        _("满分"), max_digits=7, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    weight = models.DecimalField(
        _("权重"), max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    is_veto = models.BooleanField(_("否决项"), default=False)
    comment_required = models.BooleanField(_("须填写评语"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["template", "name"], name="reviews_criterion_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRound(BaseModel, OrgScoped):
    """一轮评审: run by `org` for `owner` (the module's row: a contest, an honour …) with one template."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    template = models.ForeignKey(
        ScoreSheetTemplate, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("评审名称"), max_length=200)
    blind_mode = models.CharField(
        _("评审方式"), max_length=16, choices=BlindMode.choices, default=BlindMode.OPEN
    )
    mode = models.CharField(_("评审模式"), max_length=16, choices=RoundMode.choices, default=RoundMode.PANEL)
    status = models.CharField(
        _("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    # The rules (set by services.round_rules_set while a draft; read as `rules`):
    # [{"kind": "criterion", "criterion": "创新性"}, {"kind": "median"}, …] in order
    tie_rules = models.JSONField(_("同分排序规则"), default=list, blank=True)
    outlier_share = models.DecimalField(
        _("离群评委阈值（占满分比例）"), max_digits=4, decimal_places=3, default=OUTLIER_SHARE
    )
    # {"专家组": "7", "职工代表组": "3"}: weights as decimal strings; empty: every judge counts the same
    group_weights = models.JSONField(_("评审组权重"), default=dict, blank=True)
    gap_share = models.DecimalField(
        _("自评差异阈值（占该项满分比例）"), max_digits=4, decimal_places=3, default=GAP_SHARE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("评审")
        verbose_name_plural = _("评审")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner_type", "owner_id"], name="reviews_round_owner_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(outlier_share__gt=0, outlier_share__lte=1),
                name="reviews_round_outlier_share_range",
            ),
            models.CheckConstraint(
                condition=models.Q(gap_share__gt=0, gap_share__lte=1), name="reviews_round_gap_share_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def entries_by_hand(self) -> bool:
        """Entries are added and removed on the reviews pages only for a round a union runs itself (its owner an
        `Org`); a round owned by a module's row (a contest round) gets its entries from that module."""
        owner_type = ContentType.objects.get_for_id(self.owner_type_id)  # cached: no query per page
        return bool(owner_type.app_label == "orgs" and owner_type.model == "org")

    @property
    def is_blind(self) -> bool:
        return self.blind_mode == BlindMode.BLIND

    @property
    def is_self_assessed(self) -> bool:
        return self.mode == RoundMode.SELF_ASSESSED

    @property
    def rules(self) -> RoundRules:
        """The stored rules as the aggregation reads them."""
        tie_rules: list[dict[str, Any]] = self.tie_rules or []
        weights: dict[str, Any] = self.group_weights or {}
        return RoundRules(
            tie_rules=tuple(
                TieRule(TieRuleKind(rule["kind"]), str(rule.get("criterion", ""))) for rule in tie_rules
            ),
            outlier_share=Decimal(self.outlier_share),
            group_weights={group: Decimal(str(weight)) for group, weight in weights.items()},
            gap_share=Decimal(self.gap_share),
        )


class ReviewEntry(BaseModel, OrgScoped):
    """参评对象: an entry of the round, from `entrant_org` (and a unit named as declared), backed by the module's
    own row (`owner`). `group` names the judging group (评审组) that alone scores the entry; blank: every judge."""

    scope_path: ClassVar[str] = "round__org__path"

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="entries"
    )
    title = models.CharField(_("参评名称"), max_length=200)
    entrant_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("申报工会"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("申报单位"), max_length=200, blank=True)
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    group = models.CharField(_("评审组"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("参评对象")
        verbose_name_plural = _("参评对象")
        ordering: ClassVar[list[str]] = ["round", "pk"]

    def __str__(self) -> str:
        return self.title


class Judge(BaseModel, OrgScoped):
    """评委 of one round. `group` is their judging group: they score the entries of that group and those without
    one, and the group's weight applies to their totals; `unit` is the unit they declared as their own (entries of it are hidden)."""

    scope_path: ClassVar[str] = "round__org__path"

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="judges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评委"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("评审组"), max_length=100, blank=True)
    unit = models.CharField(_("所在单位"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        ordering: ClassVar[list[str]] = ["round", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "user"], name="reviews_judge_once_per_round"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(BaseModel, OrgScoped):
    """回避: the judge declared a conflict of interest with one entry, which they then never see."""

    scope_path: ClassVar[str] = "judge__round__org__path"

    judge = models.ForeignKey(
        Judge, verbose_name=_("评委"), on_delete=models.CASCADE, related_name="conflicts"
    )
    entry = models.ForeignKey(
        ReviewEntry, verbose_name=_("参评对象"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("回避原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["judge", "entry"], name="reviews_conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry}"


class ScoreSheet(BaseModel, OrgScoped):
    """One judge's 评分表 for one entry: editable while draft or reopened, locked once submitted. In a 自评+考评
    round the entrant union's own sheet (自评表) is one too: `is_self`, no judge, one per entry; its evidence
    (佐证材料) are attachments owned by the sheet."""

    scope_path: ClassVar[str] = "round__org__path"

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="sheets"
    )
    judge = models.ForeignKey(
        Judge, verbose_name=_("评委"), null=True, blank=True, on_delete=models.CASCADE, related_name="sheets"
    )
    entry = models.ForeignKey(
        ReviewEntry, verbose_name=_("参评对象"), on_delete=models.CASCADE, related_name="sheets"
    )
    is_self = models.BooleanField(_("自评表"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("退回原因"), blank=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering: ClassVar[list[str]] = ["entry", "judge"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["judge", "entry"], name="reviews_sheet_once_per_judge_entry"),
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(is_self=True), name="reviews_sheet_one_self_per_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(is_self=True, judge__isnull=True)
                | models.Q(is_self=False, judge__isnull=False),
                name="reviews_sheet_self_xor_judge",
            ),
        ]

    def __str__(self) -> str:
        if self.is_self:
            return f"{_('自评')} · {self.entry}"
        return f"{self.judge} · {self.entry}"

    @property
    def is_editable(self) -> bool:
        return self.status != SheetStatus.SUBMITTED


class Score(BaseModel, OrgScoped):
    """The points (or the veto tick: 1 vetoes, 0 does not) one sheet gives one criterion, with its comment."""

    scope_path: ClassVar[str] = "sheet__round__org__path"

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("评分项"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering: ClassVar[list[str]] = ["criterion__order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="reviews_score_once_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
