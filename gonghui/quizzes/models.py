"""网上答题 models: question banks and questions, quiz activities with their eligible units, attempts and their
answers, the per-member result row the boards read, and the practice (练兵) wrong-answer book and mastery counters.
Certificates live in the certificates block (kind `quiz`, see certificates.py)."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, action_paths, scope_q
from gonghui.core.models import BaseModel

from .choices import (
    ActivityPhase,
    ActivityStatus,
    AttemptStatus,
    Difficulty,
    QuestionType,
    ScoreRule,
    SubmitReason,
)

VIEW = "quizzes.view"
MANAGE = "quizzes.manage"
JUDGE_OPTIONS = ("正确", "错误")


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """The tree paths of an org and all its ancestors (treebeard materialised paths)."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


class QuestionBank(BaseModel, OrgScoped):
    """题库: questions owned by a union; `shared_with_subtree` lets the cadres (and, for practice, the members)
    of every union below use it."""

    scope_path = "org__path"

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("题库名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    shared_with_subtree = models.BooleanField(_("共享给下级工会"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        ordering: ClassVar[list[str]] = ["org__path", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["org", "name"], name="quizzes_bank_unique_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quizzes:bank_detail", args=[self.pk])

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """Banks in the user's subtrees, OR banks an ancestor union shared down to them."""
        q = scope_q(user, action, path_field="org__path")
        ancestors: set[str] = set()
        for path in action_paths(user, action):
            ancestors.update(ancestor_paths(path))
        if ancestors:
            q |= Q(shared_with_subtree=True, org__path__in=sorted(ancestors))
        return q

    @classmethod
    def for_member_q(cls, member: Any) -> Q:
        """Banks a member may practise from: their own union's, and those shared down by a union above."""
        return Q(org_id=member.org_id) | Q(
            shared_with_subtree=True, org__path__in=ancestor_paths(member.org.path)
        )


class Question(BaseModel):
    """题目: single choice, multiple choice or 判断. `answer` holds letters ("B", "ABD") or "true"/"false";
    `stem_key` is the normalised stem used to skip duplicates within a bank."""

    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="questions"
    )
    type = models.CharField(_("题型"), max_length=10, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    stem_key = models.CharField(_("题干摘要"), max_length=64, db_index=True)
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.CharField(_("答案"), max_length=10)
    explanation = models.TextField(_("解析"), blank=True)
    category = models.CharField(_("分类"), max_length=50, blank=True, db_index=True)
    difficulty = models.CharField(_("难度"), max_length=10, choices=Difficulty.choices, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering: ClassVar[list[str]] = ["bank_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["bank", "stem_key"], name="quizzes_question_unique_stem_per_bank"
            ),
        ]

    def __str__(self) -> str:
        return self.stem[:40]

    def choices(self) -> list[tuple[str, str]]:
        """(value, text) in the stored order: letters for choice questions, true/false for 判断."""
        if self.type == QuestionType.JUDGE:
            return [("true", JUDGE_OPTIONS[0]), ("false", JUDGE_OPTIONS[1])]
        return [(chr(ord("A") + i), text) for i, text in enumerate(self.options)]

    def answer_text(self) -> str:
        if self.type == QuestionType.JUDGE:
            return JUDGE_OPTIONS[0] if self.answer == "true" else JUDGE_OPTIONS[1]
        return self.answer


class QuizActivity(BaseModel, OrgScoped):
    """答题活动: a window, eligible units (targets expanded at publication into `ActivityUnit` rows), member
    filters and the contest rules."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办组织"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    targets = models.JSONField(_("参与范围"), default=list, blank=True)
    member_filter = models.JSONField(_("会员条件"), default=dict, blank=True)
    banks = models.ManyToManyField(QuestionBank, verbose_name=_("题库"), related_name="+")
    draw_rules = models.JSONField(_("抽题规则"), default=list, help_text=_("[{category, count}]"))
    shuffle_questions = models.BooleanField(_("题目乱序"), default=True)
    shuffle_options = models.BooleanField(_("选项乱序"), default=True)
    time_limit_minutes = models.PositiveIntegerField(_("答题时限（分钟）"), default=10)
    attempts_per_day = models.PositiveIntegerField(_("每天可答次数"), default=3, help_text=_("0 为不限"))
    attempts_total = models.PositiveIntegerField(_("总共可答次数"), default=0, help_text=_("0 为不限"))
    score_rule = models.CharField(
        _("计分规则"), max_length=8, choices=ScoreRule.choices, default=ScoreRule.BEST
    )
    points_per_question = models.PositiveIntegerField(_("每题分值"), default=10)
    pass_mark = models.PositiveIntegerField(_("及格分"), default=60)
    excellent_mark = models.PositiveIntegerField(_("高分线"), default=90)
    levels = models.PositiveIntegerField(
        _("闯关数"), default=0, help_text=_("0 为不闯关；闯关时每天开放一关")
    )
    certificate_enabled = models.BooleanField(_("及格发证书"), default=False)
    focus_budget = models.PositiveIntegerField(_("切屏次数上限"), default=0, help_text=_("0 为只记录不限制"))
    ip_ranges = models.TextField(
        _("限定 IP 段"), blank=True, help_text=_("每行一个，如 10.1.0.0/16；空为不限")
    )
    opened_notified_at = models.DateTimeField(_("开始通知时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("答题活动")
        verbose_name_plural = _("答题活动")
        ordering: ClassVar[list[str]] = ["-starts_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:activity_detail", args=[self.public_id])

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """Activities organised in the user's subtrees, OR delivered to them: published activities with a
        participating unit (`ActivityUnit`) in the user's subtrees (a participating union, or a union above some
        of the units inside the activity's scope). Participants see read-only and only their own subtree."""
        participating = ActivityUnit.objects.filter(scope_q(user, action, path_field="org__path")).values(
            "activity_id"
        )
        return super().visible_q(user, action) | Q(pk__in=participating)

    @property
    def phase(self) -> str:
        if self.status == ActivityStatus.DRAFT:
            return ActivityPhase.DRAFT
        if self.status == ActivityStatus.CANCELLED:
            return ActivityPhase.CANCELLED
        now = timezone.now()
        if now < self.starts_at:
            return ActivityPhase.UPCOMING
        if now >= self.ends_at:
            return ActivityPhase.ENDED
        return ActivityPhase.OPEN

    def get_phase_display(self) -> str:
        return str(ActivityPhase(self.phase).label)

    @property
    def question_count(self) -> int:
        return sum(int(rule.get("count", 0)) for rule in self.draw_rules)

    @property
    def full_mark(self) -> int:
        return self.question_count * self.points_per_question


class ActivityUnit(models.Model):
    """An org whose members may take part (the targets expanded when the activity was published)."""

    activity = models.ForeignKey(QuizActivity, on_delete=models.CASCADE, related_name="units")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("参与单位")
        verbose_name_plural = _("参与单位")
        ordering: ClassVar[list[str]] = ["activity_id", "org__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["activity", "org"], name="quizzes_activity_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.org_id}"


class Attempt(BaseModel, OrgScoped):
    """答卷: one try of one member. The drawn question order and each question's option order are stored, so a
    reload shows the same paper; `deadline_at` is fixed from the server clock at the start."""

    # Attempts are seen by the cadres of the activity's organiser: the activity's org decides, not the member's.
    scope_path = "activity__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(QuizActivity, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN
    )
    level = models.PositiveIntegerField(_("关卡"), default=0)
    started_at = models.DateTimeField(_("开始时间"))
    started_on = models.DateField(_("答题日期"))
    deadline_at = models.DateTimeField(_("截止时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    submit_reason = models.CharField(_("交卷方式"), max_length=10, choices=SubmitReason.choices, blank=True)
    question_ids = models.JSONField(_("题目顺序"), default=list)
    option_orders = models.JSONField(_("选项顺序"), default=dict)
    score = models.PositiveIntegerField(_("得分"), null=True, blank=True)
    correct_count = models.PositiveIntegerField(_("答对题数"), default=0)
    seconds_used = models.PositiveIntegerField(_("用时（秒）"), null=True, blank=True)
    focus_losses = models.PositiveIntegerField(_("切屏次数"), default=0)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering: ClassVar[list[str]] = ["-started_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(status=AttemptStatus.OPEN),
                name="quizzes_one_open_attempt_per_member",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["activity", "member", "started_on"]),
            models.Index(fields=["status", "deadline_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.deadline_at

    @property
    def passed(self) -> bool:
        """This paper reached the activity's pass mark (每关 in levels mode, as the counted result sums levels)."""
        return self.score is not None and self.score >= self.activity.pass_mark


class Answer(models.Model):
    """One saved answer: one row per attempt and question (upserted as the member chooses). `chosen` holds the
    question's own letters (or true/false), whatever order the options were shown in."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    chosen = models.CharField(_("所选"), max_length=10)
    is_correct = models.BooleanField(_("正确"), null=True)
    answered_at = models.DateTimeField(_("作答时间"))

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        ordering: ClassVar[list[str]] = ["attempt_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_answer_unique_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.question_id}={self.chosen}"


class AttemptEvent(models.Model):
    """A focus loss / tab switch reported by the answering page."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答题事件")
        verbose_name_plural = _("答题事件")
        ordering: ClassVar[list[str]] = ["attempt_id", "at", "id"]

    def __str__(self) -> str:
        return self.kind


class ActivityResult(models.Model):
    """The counted result of one member in one activity, rewritten in every submit's transaction, so rankings
    and boards read one small row per participant instead of every attempt."""

    activity = models.ForeignKey(QuizActivity, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveIntegerField(_("成绩"), default=0)
    seconds_used = models.PositiveIntegerField(_("用时（秒）"), default=0)
    attempts = models.PositiveIntegerField(_("答题次数"), default=0)
    passed = models.BooleanField(_("及格"), default=False)
    counted_attempt = models.ForeignKey(Attempt, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("答题成绩")
        verbose_name_plural = _("答题成绩")
        ordering: ClassVar[list[str]] = ["activity_id", "-score", "seconds_used", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["activity", "member"], name="quizzes_result_unique_per_member"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["activity", "-score", "seconds_used"], name="quizzes_result_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.member_id}: {self.score}"


class WrongAnswer(models.Model):
    """错题本 entry: a question the member answered wrong; it leaves the book after `right_streak` reaches the
    clearing count."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    wrong_count = models.PositiveIntegerField(_("答错次数"), default=0)
    right_streak = models.PositiveIntegerField(_("连续答对"), default=0)
    last_at = models.DateTimeField(_("最近作答"))

    class Meta:
        verbose_name = _("错题")
        verbose_name_plural = _("错题本")
        ordering: ClassVar[list[str]] = ["-last_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["member", "question"], name="quizzes_wrong_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.question_id}"


class PracticeStat(models.Model):
    """Mastery counters per member and category (练兵)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("分类"), max_length=50)
    answered = models.PositiveIntegerField(_("练习题数"), default=0)
    correct = models.PositiveIntegerField(_("答对题数"), default=0)

    class Meta:
        verbose_name = _("练兵掌握度")
        verbose_name_plural = _("练兵掌握度")
        ordering: ClassVar[list[str]] = ["member_id", "category"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["member", "category"], name="quizzes_practice_stat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.category}"

    @property
    def mastery(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0
