"""The union tree (the tenant) and each union's internal departments."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gonghui.accounts.identity import validate_mobile
from gonghui.accounts.scoping import OrgScoped, ScopedNodeManager
from gonghui.core.models import BaseModel

from .choices import CommitteeKind, FoundingStatus, Industry, OrgLevel, OrgStatus, UnitCategory
from .search import search_text_for
from .validators import validate_aliases, validate_credit_code, validate_org_code

# The fields the union search key is made from (`Org.search_text`, see orgs/search.py).
SEARCH_SOURCE_FIELDS = ("name", "short_name", "unit_name", "aliases")


class Org(MP_Node, BaseModel, OrgScoped):  # type: ignore[django-manager-missing]
    """A union in the tree: 市级产业工会 → 县区工会 → 基层工会 → 分工会/工会小组, with its unit facts."""

    scope_path = "path"

    objects: ClassVar[ScopedNodeManager["Org"]] = ScopedNodeManager()

    name = models.CharField(
        _("工会名称"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("已有同名的工会组织")},
    )
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    unit_name = models.CharField(_("所在单位"), max_length=100, help_text=_("花名册中的“工作单位”"))
    aliases = models.JSONField(
        _("别名"),
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text=_("职工常用的叫法，入会和转会查找工会时也能找到，如“焦作一中”“解放一中”；每行一个"),
    )
    # name, short name, unit name and aliases, folded, in pinyin and initials: kept by save()
    search_text = models.TextField(_("查找索引"), blank=True, default="", editable=False)
    code = models.CharField(
        _("组织编码"),
        max_length=20,
        unique=True,
        validators=[validate_org_code],
        error_messages={"unique": _("组织编码已被使用")},
        help_text=_("导入、导出和命令中使用的简短编码，如 JFQ01"),
    )
    level = models.CharField(_("层级"), max_length=16, choices=OrgLevel.choices)
    status = models.CharField(_("状态"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    unit_category = models.CharField(_("单位类别"), max_length=3, choices=UnitCategory.choices, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices, blank=True)
    is_private = models.BooleanField(_("民办单位"), default=False)
    is_joint = models.BooleanField(
        _("联合基层工会"),
        default=False,
        help_text=_(
            "几个小单位共同建立的一个基层工会；职工数为所覆盖各单位之和，在组织页面的“所覆盖单位”中维护"
        ),
    )
    headcount_established = models.PositiveIntegerField(_("在编职工数"), default=0)
    headcount_contract = models.PositiveIntegerField(_("非在编职工数"), default=0)
    headcount_dispatched = models.PositiveIntegerField(_("劳务派遣职工数"), default=0)
    founding_status = models.CharField(
        _("建会状态"),
        max_length=24,
        choices=FoundingStatus.choices,
        default=FoundingStatus.COMPLETE,
    )
    founded_on = models.DateField(_("建会日期"), null=True, blank=True)
    term_started_on = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_ends_on = models.DateField(_("本届任期届满"), null=True, blank=True)
    chair_name = models.CharField(_("工会主席"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=11, blank=True, validators=[validate_mobile])
    address = models.CharField(_("地址"), max_length=200, blank=True)

    node_order_by: ClassVar[list[str]] = ["code"]

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering: ClassVar[list[str]] = ["path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="uniq_org_credit_code",
                violation_error_message=_("该统一社会信用代码已被其他组织使用"),
                # "unique" files the error under credit_code, so forms show it next to the field.
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_started_on__isnull=True)
                | Q(term_ends_on__gte=models.F("term_started_on")),
                name="org_term_order",
                violation_error_message=_("任期届满日期不能早于任期开始日期"),
            ),
            models.CheckConstraint(
                condition=Q(is_joint=False) | Q(level=OrgLevel.GRASSROOTS),
                name="org_joint_is_grassroots",
                violation_error_message=_("只有基层工会可以设为联合基层工会"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:org_detail", args=[self.code])

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps `search_text` in step with the fields it is made from (also on a partial save of one of them)."""
        self.search_text = search_text_for(
            name=self.name, short_name=self.short_name, unit_name=self.unit_name, aliases=self.aliases or []
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCH_SOURCE_FIELDS):
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def ancestor_paths(self) -> list[str]:
        """The tree paths of this union and of every union above it, root first, read off the materialised path
        (no query): filter with `org__path__in=org.ancestor_paths()`."""
        step = self.steplen
        return [self.path[:end] for end in range(step, len(self.path) + 1, step)]

    @property
    def headcount_total(self) -> int:
        return self.headcount_established + self.headcount_contract + self.headcount_dispatched


HEADCOUNT_FIELDS = ("headcount_established", "headcount_contract", "headcount_dispatched")


class CoveredUnit(BaseModel, OrgScoped):
    """联合基层工会: one of the small units (often under 25 staff each) a joint grassroots union covers, with its own
    headcounts. The union's headcount fields hold the sum over its covered units, kept by the services
    (orgs/services/covered.py) in the transaction that changes a unit, so 入会率 counts across them."""

    scope_path = "org__path"

    org = models.ForeignKey(
        Org, verbose_name=_("联合基层工会"), on_delete=models.CASCADE, related_name="covered_units"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    headcount_established = models.PositiveIntegerField(_("在编职工数"), default=0)
    headcount_contract = models.PositiveIntegerField(_("非在编职工数"), default=0)
    headcount_dispatched = models.PositiveIntegerField(_("劳务派遣职工数"), default=0)

    class Meta:
        verbose_name = _("所覆盖单位")
        verbose_name_plural = _("所覆盖单位")
        ordering: ClassVar[list[str]] = ["org_id", "name", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="uniq_covered_unit_name",
                violation_error_message=_("本工会已登记同名的所覆盖单位"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def headcount_total(self) -> int:
        return self.headcount_established + self.headcount_contract + self.headcount_dispatched


class Committee(BaseModel, OrgScoped):
    """One of a union's three committees (三委) for one term. The 工会委员会's term is the org's own term dates
    (`Org.term_started_on` / `term_ends_on`), never stored twice; the other two carry their own. Its seats
    (`members.CommitteeSeat`) live in members, so orgs never references a member."""

    scope_path = "org__path"

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField(_("委员会"), max_length=8, choices=CommitteeKind.choices)
    term_started_on = models.DateField(_("任期开始"), null=True, blank=True)
    term_ends_on = models.DateField(_("任期届满"), null=True, blank=True)
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)
    approved_on = models.DateField(_("上级工会批复日期"), null=True, blank=True)
    approval_reference = models.CharField(_("批复文号"), max_length=60, blank=True)
    is_current = models.BooleanField(_("本届"), default=True)

    class Meta:
        verbose_name = _("委员会")
        verbose_name_plural = _("委员会")
        ordering: ClassVar[list[str]] = ["org_id", "kind", "-elected_on", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "kind"],
                condition=Q(is_current=True),
                name="uniq_current_committee",
                violation_error_message=_("本工会已有本届同类委员会"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_started_on__isnull=True)
                | Q(term_ends_on__gte=models.F("term_started_on")),
                name="committee_term_order",
                violation_error_message=_("任期届满日期不能早于任期开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.get_kind_display()}"


class Department(BaseModel, OrgScoped):
    """An internal department of a union (组织部, 权益保障部, 女职工部, 宣教部, 经审办 …)."""

    scope_path = "org__path"

    org = models.ForeignKey(
        Org, verbose_name=_("所属工会"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("部门名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("工会部门")
        verbose_name_plural = _("工会部门")
        ordering: ClassVar[list[str]] = ["org_id", "sort_order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="uniq_department_name",
                violation_error_message=_("本工会已有同名部门"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnionFounding(BaseModel, OrgScoped):
    """建会: a unit in a union's area (often a 民办 school or hospital) and its way to a union of its own:
    未建会 → 已申请 → 不同意 | 已线下批准 → 发展会员 → 建立工会小组 → 筹备会员大会 → 已建会 → 信息完善.
    `org` is the supervising union (county or city level); `founded_org` the union once founded."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        Org, verbose_name=_("主管工会"), on_delete=models.PROTECT, related_name="foundings"
    )
    unit_name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    unit_category = models.CharField(_("单位类别"), max_length=3, choices=UnitCategory.choices, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices, blank=True)
    is_private = models.BooleanField(_("民办单位"), default=False)
    headcount_established = models.PositiveIntegerField(_("在编职工数"), default=0)
    headcount_contract = models.PositiveIntegerField(_("非在编职工数"), default=0)
    headcount_dispatched = models.PositiveIntegerField(_("劳务派遣职工数"), default=0)
    status = models.CharField(
        _("建会状态"), max_length=24, choices=FoundingStatus.choices, default=FoundingStatus.NOT_FOUNDED
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=11, blank=True, validators=[validate_mobile])
    note = models.CharField(_("备注"), max_length=200, blank=True)
    founded_org = models.OneToOneField(
        Org,
        verbose_name=_("建会后的工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founding",
    )

    class Meta:
        verbose_name = _("建会")
        verbose_name_plural = _("建会")
        ordering: ClassVar[list[str]] = ["org_id", "unit_name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "unit_name"],
                name="uniq_founding_unit",
                violation_error_message=_("该单位已登记"),
            ),
        ]

    def __str__(self) -> str:
        return self.unit_name

    @property
    def headcount_total(self) -> int:
        return self.headcount_established + self.headcount_contract + self.headcount_dispatched


class ProtectionChecklist(BaseModel, OrgScoped):
    """女职工特殊保护检查表: one per unit (a 基层工会) and year — which arrangements the unit has made for its women
    workers (孕期、产期、哺乳期, a 女职工卫生室 or 母婴室, a 两癌筛查 organised) and how many took part in the
    screening. Counts only: it never names a person and never holds anyone's health result (the note says what was
    arranged, not who was found what)."""

    scope_path = "org__path"

    org = models.ForeignKey(Org, verbose_name=_("单位工会"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    pregnancy_care = models.BooleanField(_("孕期保护措施已落实"), default=False)
    maternity_care = models.BooleanField(_("产期保护（产假、生育待遇）已落实"), default=False)
    nursing_care = models.BooleanField(_("哺乳期保护（哺乳时间）已落实"), default=False)
    health_room = models.BooleanField(_("设有女职工卫生室或母婴室"), default=False)
    screening_organised = models.BooleanField(_("组织了两癌筛查"), default=False)
    screening_participants = models.PositiveIntegerField(_("两癌筛查参加人数"), null=True, blank=True)
    note = models.CharField(
        _("说明"),
        max_length=300,
        blank=True,
        help_text=_("只写措施和组织情况，不写任何个人的检查结果或健康信息"),
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("女职工特殊保护检查表")
        verbose_name_plural = _("女职工特殊保护检查表")
        ordering: ClassVar[list[str]] = ["org_id", "-year"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "year"],
                name="uniq_protection_checklist_year",
                violation_error_message=_("本单位该年度的检查表已填写"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(screening_organised=True) | Q(screening_participants__isnull=True),
                name="protection_screening_count_needs_screening",
                violation_error_message=_("未组织两癌筛查时不能填写参加人数"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}"
