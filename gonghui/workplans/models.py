"""工作要点: an imported work plan as a tree (plan → sections → numbered items → activities), the assignment of
each item and activity (lead department or org, participating orgs, due month) and the progress reports the
unions below submit per item."""

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, action_paths, scope_q
from gonghui.core.models import BaseModel
from gonghui.orgs.models import Department, Org

from .choices import ProgressStatus

VIEW = "workplans.view"
MANAGE = "workplans.manage"
REPORT = "workplans.report"


def ancestor_paths(user: Visitor, action: str) -> list[str]:
    """Tree paths of every org above (or at) an org where the user holds `action`: the unions whose subtree the
    user works in. A plan issued by one of them is addressed to the user's union too."""
    step = int(Org.steplen)
    paths: set[str] = set()
    for path in action_paths(user, action):
        paths.update(path[:end] for end in range(step, len(path) + 1, step))
    return sorted(paths)


def plan_scope_q(user: Visitor, action: str, *, path_field: str) -> Q:
    """Plans (reached through `path_field`, the issuing union's path) the user may see: issued in the subtrees
    of the user's grants, or issued by a union above the user's, whose subtree the plan addresses. Managing is
    only downward: a school's cadre sees the city's plan but does not edit it."""
    down = scope_q(user, action, path_field=path_field)
    if action == MANAGE:
        return down
    up = ancestor_paths(user, action)
    return down | Q(**{f"{path_field}__in": up}) if up else down


class PlanScoped(OrgScoped):
    """A plan and its items and activities: seen down the issuing union's subtree and shared with the unions below
    it (`plan_scope_q`)."""

    class Meta:
        abstract = True

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        return plan_scope_q(user, action, path_field=cls.scope_path)


class WorkPlan(BaseModel, PlanScoped):
    """A 工作要点 of one union for one year (e.g. 焦教工〔2020〕8号), imported from its document."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        Org, verbose_name=_("发文工会"), on_delete=models.PROTECT, related_name="work_plans"
    )
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=50, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    date = models.DateField(_("成文日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("工作要点")
        verbose_name_plural = _("工作要点")
        ordering: ClassVar[list[str]] = ["-year", "-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "doc_number"],
                condition=~Q(doc_number=""),
                name="uniq_workplan_doc_number",
                violation_error_message=_("该工会已导入相同文号的工作要点"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanSection(BaseModel):
    """A part of the plan (一、加强思想引领… or an unnumbered heading); the month schedule is the last part."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("部分标题"), max_length=200)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("工作要点部分")
        verbose_name_plural = _("工作要点部分")
        ordering: ClassVar[list[str]] = ["plan_id", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Assignment(BaseModel):
    """Who leads a piece of work (a department of the issuing union, or a union in its subtree), which unions
    take part (chosen as orgs, subtrees, direct children or levels: `participant_targets` keeps the choice,
    `participants` what it expanded to) and by which month of the plan's year it is due."""

    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_org = models.ForeignKey(
        Org, verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    participant_targets = models.JSONField(_("参与范围"), default=list, blank=True)
    participants = models.ManyToManyField(Org, verbose_name=_("参与单位"), blank=True, related_name="+")
    due_month = models.PositiveSmallIntegerField(
        _("完成月份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    class Meta:
        abstract = True

    @property
    def is_assigned(self) -> bool:
        return bool(self.lead_department_id or self.lead_org_id or self.participant_targets or self.due_month)

    def due_date(self, year: int) -> dt.date | None:
        """The last day of the due month in the plan's year."""
        if self.due_month is None:
            return None
        first_next = dt.date(year + (self.due_month == 12), self.due_month % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)


class PlanItem(Assignment, PlanScoped):
    """A numbered item of a part: （一）…, 1., 一是, or a month of the schedule (3月)."""

    scope_path = "section__plan__org__path"

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(_("序号"), max_length=20, blank=True)
    text = models.TextField(_("内容"))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("工作要点条目")
        verbose_name_plural = _("工作要点条目")
        ordering: ClassVar[list[str]] = ["section_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.number}{self.text[:30]}"


class PlanActivity(Assignment, PlanScoped):
    """A concrete piece of work under an item (e.g. 与市教育局联合开展全市教育系统教学技能竞赛)."""

    scope_path = "item__section__plan__org__path"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField(_("内容"))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("具体工作")
        verbose_name_plural = _("具体工作")
        ordering: ClassVar[list[str]] = ["item_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class ProgressReport(BaseModel, OrgScoped):
    """One union's report on one item: status, what was done, attachments. Reports are never edited: the latest
    report of each union counts, the earlier ones are the history."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reports")
    org = models.ForeignKey(
        Org, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="work_plan_reports"
    )
    status = models.CharField(_("进展状态"), max_length=16, choices=ProgressStatus.choices)
    text = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["item", "org", "created_at"])]

    def __str__(self) -> str:
        return f"{self.org} {self.get_status_display()}"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """The issuing union's cadres (and those above it) see every report on the plan; a reporting union's
        cadres see their own union's reports (and those of the unions below them)."""
        return scope_q(user, action, path_field="item__section__plan__org__path") | scope_q(
            user, action, path_field="org__path"
        )


class PlanItemLink(BaseModel, PlanScoped):
    """A record that carries out an item (a competition for (七), a 送温暖 campaign for (十一), a quiz for (十八), a
    公文 or 报送 task …): `kind` is the key of a core.registry.PlanRecordKind, `object_id` the record's id; `title`
    is the record's title when it was linked (shown if the record is gone). The item's progress shows the linked
    records' states, read through the kind's `records`."""

    scope_path = "item__section__plan__org__path"

    item = models.ForeignKey(
        PlanItem, verbose_name=_("工作要点条目"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("记录类型"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    title = models.CharField(_("记录名称"), max_length=300)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关联人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("落实记录")
        verbose_name_plural = _("落实记录")
        ordering: ClassVar[list[str]] = ["item_id", "created_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["item", "kind", "object_id"], name="workplans_link_unique"),
        ]

    def __str__(self) -> str:
        return self.title
