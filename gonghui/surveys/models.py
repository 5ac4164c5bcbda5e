"""问卷调查与课题研究. A `Survey` of a union asks its target population (the subtree's members matching a member
filter, a target list, or a reproducible random sample of N per grassroots union, `SurveySample`) the
`SurveyQuestion`s (单选, 多选, 量表, 矩阵, 填空; required; skip logic by `show_if`) in a window. An anonymous survey's
answers live in the anonymous-response store (`gonghui.responses`: participation apart from answers, coarse
attributes only in groups of ten); a named survey's in `SurveyResponse`, one per member, resumable.
`ThoughtAnalysis` is the periodic 职工诉求与思想状况分析 drafted from survey results and 诉求 statistics and edited by
a person before it is issued. `ResearchCall` (课题申报) invites `ResearchProject`s: application (team, plan,
budget), review (reviews block), 立项 with a number, 中期检查, 结项 with outputs and a rating."""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, above_q
from gonghui.core.models import BaseModel

from .choices import (
    AnalysisStatus,
    CallStatus,
    MidtermResult,
    ProjectRating,
    ProjectStatus,
    ResponseStatus,
    SurveyMode,
    SurveyQuestionKind,
    SurveyStatus,
    TargetKind,
)


# --- surveys ------------------------------------------------------------------------------------------------------
class Survey(BaseModel, OrgScoped):
    """A questionnaire of `org` for its target population. `attributes` are the coarse attributes (keys of
    `responses.choices.Attribute`) an anonymous answer keeps for cross-tabs, at `unit_depth` for 所在单位; a named
    survey reads them from the member. `sample_seed` is recorded when the sample is drawn, so the same seed over the
    same candidates draws the same members again."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发起工会"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("问卷标题"), max_length=80)
    intro = models.TextField(_("问卷说明"), blank=True)
    topic = models.CharField(_("调查主题"), max_length=40, blank=True)
    mode = models.CharField(
        _("填写方式"), max_length=12, choices=SurveyMode.choices, default=SurveyMode.ANONYMOUS
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    target_kind = models.CharField(
        _("调查对象"), max_length=12, choices=TargetKind.choices, default=TargetKind.FILTER
    )
    member_filter = models.JSONField(_("会员条件"), default=dict, blank=True)
    target_list = models.ForeignKey(
        "members.TargetList",
        verbose_name=_("目标名单"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sample_per_union = models.PositiveIntegerField(
        _("每个基层工会抽取人数"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sample_seed = models.CharField(_("抽样种子"), max_length=32, blank=True)
    sampled_at = models.DateTimeField(_("抽样时间"), null=True, blank=True)
    attributes = models.JSONField(_("交叉分析属性"), default=list, blank=True)
    unit_depth = models.PositiveSmallIntegerField(
        _("所在单位按哪一级"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    question_seq = models.PositiveSmallIntegerField(_("已用题号"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering: ClassVar[list[str]] = ["-published_at", "-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(target_kind="sample") | Q(sample_per_union__isnull=False),
                name="surveys_sample_has_size",
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="target_list") | Q(target_list__isnull=False),
                name="surveys_target_list_set",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_anonymous(self) -> bool:
        return self.mode == SurveyMode.ANONYMOUS


class SurveyQuestion(BaseModel, OrgScoped):
    """One question, in `order`. `key` names it in the answers (q1, q2 … stable once the survey is published).
    `options` are the choices (single, multiple) or the columns (matrix); `rows` the matrix's rows; a scale runs
    from `scale_min` to `scale_max` with `scale_labels` [low, high]. `show_if` is the skip logic:
    {"question": key, "options": [...]} shows this question only when that earlier question's answer is among the
    options (empty: always shown); a hidden question is never required and its answer is dropped."""

    scope_path = "survey__org__path"

    survey = models.ForeignKey(
        Survey, verbose_name=_("问卷"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    key = models.CharField(_("题号"), max_length=12)
    kind = models.CharField(
        _("题型"), max_length=12, choices=SurveyQuestionKind.choices, default=SurveyQuestionKind.SINGLE
    )
    text = models.CharField(_("题目"), max_length=200)
    help_text = models.CharField(_("填写说明"), max_length=200, blank=True)
    options = models.JSONField(_("选项"), default=list, blank=True)
    rows = models.JSONField(_("矩阵行"), default=list, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("量表最小值"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("量表最大值"), default=5)
    scale_labels = models.JSONField(_("量表两端说明"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)
    show_if = models.JSONField(_("显示条件"), default=dict, blank=True)

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = _("问卷题目")
        ordering: ClassVar[list[str]] = ["survey", "order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("survey", "key"), name="surveys_question_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.text}"


class SurveySample(BaseModel, OrgScoped):
    """A member drawn into a sampled survey's population, with the grassroots union they were drawn from."""

    scope_path = "survey__org__path"

    survey = models.ForeignKey(
        Survey, verbose_name=_("问卷"), on_delete=models.CASCADE, related_name="sample"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    union = models.ForeignKey(
        "orgs.Org", verbose_name=_("抽样工会"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("抽样对象")
        verbose_name_plural = _("抽样对象")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("survey", "member"), name="surveys_sample_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.member}"


class SurveyResponse(BaseModel, OrgScoped):
    """A named survey's answer of one member: saved as 填写中 (resumable on any device) and then submitted with a
    receipt code. Anonymous surveys never write this table."""

    scope_path = "survey__org__path"

    survey = models.ForeignKey(
        Survey, verbose_name=_("问卷"), on_delete=models.CASCADE, related_name="responses"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("答案"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    receipt_code = models.CharField(_("回执码"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("实名答卷")
        verbose_name_plural = _("实名答卷")
        ordering: ClassVar[list[str]] = ["-submitted_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("survey", "member"), name="surveys_response_once"),
            models.UniqueConstraint(
                fields=("receipt_code",), condition=~Q(receipt_code=""), name="surveys_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.member}"


# --- analysis -----------------------------------------------------------------------------------------------------
class ThoughtAnalysis(BaseModel, OrgScoped):
    """职工诉求与思想状况分析 of a union for a period: drafted from the results of the chosen surveys and the 诉求
    statistics of the same period (`figures` keeps the numbers the draft was made from), edited by a person, issued."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=80)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    surveys = models.ManyToManyField(Survey, verbose_name=_("引用的问卷"), related_name="+", blank=True)
    body = models.TextField(_("正文"), blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("诉求与思想状况分析")
        verbose_name_plural = _("诉求与思想状况分析")
        ordering: ClassVar[list[str]] = ["-period_end", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="surveys_analysis_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- research -----------------------------------------------------------------------------------------------------
class ResearchCall(BaseModel, OrgScoped):
    """课题申报通知 of `org` for a year: the guide and its topics (选题方向), the application window, the budget cap.
    The unions of its subtree apply; `review_round` (reviews block, owned by this call) scores the applications."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("名称"), max_length=80)
    guide = models.TextField(_("课题指南"), blank=True)
    topics = models.JSONField(_("选题方向"), default=list, blank=True)
    opens_on = models.DateField(_("申报开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("申报截止日期"), null=True, blank=True)
    budget_cap = models.DecimalField(
        _("单项经费上限（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(_("状态"), max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT)
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("评审"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("课题申报通知")
        verbose_name_plural = _("课题申报通知")
        ordering: ClassVar[list[str]] = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:call_detail", args=[self.public_id])

    @classmethod
    def visible_q(cls, user: Visitor, action: str = "surveys.view") -> Q:
        """Calls of the user's subtrees; for viewing, also those of unions above them once published (the unions
        below apply to them)."""
        own = super().visible_q(user, action)
        if action != "surveys.view":
            return own
        return own | (above_q(user, action, path_field="org__path") & ~Q(status=CallStatus.DRAFT))


class ResearchProject(BaseModel, OrgScoped):
    """课题: an application of `org` (the applying union) to a call — title, topic, leader, team, plan, budget —
    through review to 立项 (`number`, `approved_budget`), 中期检查, and 结项 with outputs and a rating. Survey
    results may be attached to its report (`surveys`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(
        ResearchCall, verbose_name=_("申报通知"), on_delete=models.PROTECT, related_name="projects"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("课题名称"), max_length=100)
    topic = models.CharField(_("选题方向"), max_length=80, blank=True)
    leader_name = models.CharField(_("课题负责人"), max_length=40)
    leader_title = models.CharField(_("负责人职务/职称"), max_length=60, blank=True)
    leader_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    team = models.JSONField(_("课题组成员"), default=list, blank=True)
    plan = models.TextField(_("研究方案"), blank=True)
    expected_outputs = models.TextField(_("预期成果"), blank=True)
    budget = models.DecimalField(
        _("申请经费（元）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    budget_note = models.TextField(_("经费预算说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    number = models.CharField(_("立项编号"), max_length=32, blank=True)
    approved_at = models.DateTimeField(_("立项时间"), null=True, blank=True)
    approved_budget = models.DecimalField(
        _("批准经费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision_note = models.TextField(_("立项意见"), blank=True)
    midterm_report = models.TextField(_("中期报告"), blank=True)
    midterm_submitted_at = models.DateTimeField(_("中期报告提交时间"), null=True, blank=True)
    midterm_result = models.CharField(
        _("中期检查结论"), max_length=12, choices=MidtermResult.choices, blank=True
    )
    midterm_opinion = models.TextField(_("中期检查意见"), blank=True)
    final_report = models.TextField(_("结项报告"), blank=True)
    outputs = models.TextField(_("研究成果"), blank=True)
    final_submitted_at = models.DateTimeField(_("结项材料提交时间"), null=True, blank=True)
    rating = models.CharField(_("结项等级"), max_length=12, choices=ProjectRating.choices, blank=True)
    final_opinion = models.TextField(_("结项意见"), blank=True)
    concluded_at = models.DateTimeField(_("结项时间"), null=True, blank=True)
    surveys = models.ManyToManyField(
        Survey, verbose_name=_("附上的问卷结果"), related_name="research_projects", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("课题")
        verbose_name_plural = _("课题")
        ordering: ClassVar[list[str]] = ["-call__year", "number", "-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("number",), condition=~Q(number=""), name="surveys_project_number_once"
            )
        ]

    def __str__(self) -> str:
        return self.title
