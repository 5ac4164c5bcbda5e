"""学习培训: `Course` of `Lesson`s (图文, uploaded video or document, served by the platform) for members or for
cadres, studied on the portal; a `StudyRecord` per member and lesson holds the playback position and the seconds
actually watched, measured by server-side heartbeats (skips and seeks add nothing, a second watch adds nothing); a
lesson credits its hours once 90 % of its duration is watched, a course (`CourseCompletion`) once every lesson is
credited and its quiz, if any, passed. `TrainingClass` (干部培训班) with `TrainingSession`s (check-in targets),
seats per union through a quota set, `Trainee` nominations, attendance, hours, assessment and certificates.
`GuidanceQuestion` is 业务指导: a grassroots cadre asks the union above; an answer may be shared, with the asker
anonymised, to the 业务知识库."""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gonghui.accounts.actors import Visitor
from gonghui.accounts.scoping import OrgScoped, action_paths, scope_q
from gonghui.core.models import BaseModel

from .choices import (
    AssessmentResult,
    ClassStatus,
    CourseAudience,
    CourseStatus,
    LessonKind,
    QuestionStatus,
    QuestionTopic,
    TraineeStatus,
)

CREDIT_SHARE = Decimal("0.9")  # a lesson credits its hours once this share of its duration was watched


# --- courses ------------------------------------------------------------------------------------------------
class Course(BaseModel, OrgScoped):
    """A course of `org` for the members (or cadres) of its subtree. `hours` are credited when the course is
    completed; `quiz` (a 答题 activity of the quiz engine) must be passed to complete it when set; `certificate`
    issues a 结业证书 through the certificates block on completion."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("开课工会"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("课程名称"), max_length=80)
    summary = models.TextField(_("课程简介"), blank=True)
    audience = models.CharField(
        _("学习对象"), max_length=16, choices=CourseAudience.choices, default=CourseAudience.MEMBERS
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    hours = models.DecimalField(
        _("课程学时"), max_digits=5, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    cover = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("封面图片"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    quiz = models.ForeignKey(
        "quizzes.QuizActivity",
        verbose_name=_("结课测验"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    certificate = models.BooleanField(_("结业发证书"), default=False)
    open_api = models.BooleanField(_("在开放接口中公开"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering: ClassVar[list[str]] = ["-published_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Lesson(BaseModel, OrgScoped):
    """A lesson of a course, in `order`. `duration_seconds` is the video's length, or for 图文 and 文档 the reading
    time the author sets; 90 % of it, watched as heartbeats, credits the lesson. `media` is the uploaded video or
    document (an attachment owned by the lesson, streamed with Range for video); `body` the text of a 图文 lesson."""

    scope_path = "course__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="lessons"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    title = models.CharField(_("课时名称"), max_length=80)
    kind = models.CharField(_("形式"), max_length=16, choices=LessonKind.choices, default=LessonKind.ARTICLE)
    body = models.TextField(_("图文内容"), blank=True)
    media = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("视频或文档"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    duration_seconds = models.PositiveIntegerField(_("时长（秒）"), validators=[MinValueValidator(1)])
    hours = models.DecimalField(
        _("学时"), max_digits=4, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("课时")
        verbose_name_plural = _("课时")
        ordering: ClassVar[list[str]] = ["course", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class StudyRecord(BaseModel, OrgScoped):
    """A member's study of one lesson: `position` (where playback resumes), `watched` (the watched intervals in
    seconds, [[start, end], …], merged; the union of what heartbeats proved was played at playing speed),
    `watched_seconds` their total, `last_beat_at` / `last_beat_position` (the previous heartbeat, to measure the
    next against wall time), `credited_at` and `hours` once 90 % was watched (never twice). `org` is the member's
    union when the record began (the per-union hours report)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("课时"), on_delete=models.CASCADE, related_name="records"
    )
    position = models.PositiveIntegerField(_("播放位置（秒）"), default=0)
    watched = models.JSONField(_("已观看区间"), default=list, blank=True)
    watched_seconds = models.PositiveIntegerField(_("已观看（秒）"), default=0)
    last_beat_at = models.DateTimeField(_("上次心跳时间"), null=True, blank=True)
    last_beat_position = models.PositiveIntegerField(_("上次心跳位置（秒）"), null=True, blank=True)
    credited_at = models.DateTimeField(_("计入学时时间"), null=True, blank=True)
    hours = models.DecimalField(_("计入学时"), max_digits=4, decimal_places=1, default=Decimal("0"))

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        constraints = [models.UniqueConstraint(fields=("member", "lesson"), name="learning_record_once")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.lesson}"


class CourseCompletion(BaseModel, OrgScoped):
    """A member completed a course: every lesson credited and the quiz passed (when the course has one); the
    course's hours and its certificate (when it gives one)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("完成时间"))
    hours = models.DecimalField(_("计入学时"), max_digits=5, decimal_places=1, default=Decimal("0"))
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("证书"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("课程完成")
        verbose_name_plural = _("课程完成")
        constraints = [models.UniqueConstraint(fields=("member", "course"), name="learning_completion_once")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.course}"


# --- classes ------------------------------------------------------------------------------------------------
class TrainingClass(BaseModel, OrgScoped):
    """干部培训班 of `org`: dates, place, programme, the seats (`seats`, split per union through `quota_set` of the
    quotas block), nominations by the unions below until `nominate_until`, hours per session, assessment and
    certificates on completion."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("培训班名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    place = models.CharField(_("地点"), max_length=200)
    programme = models.TextField(_("培训内容安排"), blank=True)
    audience_note = models.CharField(_("培训对象"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("总名额"), validators=[MinValueValidator(1)])
    quota_set = models.ForeignKey(
        "quotas.QuotaSet",
        verbose_name=_("名额分配"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    nominate_until = models.DateField(_("推荐截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ClassStatus.choices, default=ClassStatus.DRAFT
    )
    certificate = models.BooleanField(_("结业发证书"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("干部培训班")
        verbose_name_plural = _("干部培训班")
        ordering: ClassVar[list[str]] = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="learning_class_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(BaseModel, OrgScoped):
    """One session of a class (a morning's 专题讲座): its time, topic, teacher and hours; a check-in target, so
    attendance is the check-ins of admitted trainees."""

    scope_path = "training_class__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="sessions"
    )
    topic = models.CharField(_("专题"), max_length=100)
    teacher = models.CharField(_("授课人"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    hours = models.DecimalField(
        _("学时"), max_digits=4, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="learning_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class Trainee(BaseModel, OrgScoped):
    """A cadre nominated by `org` (the nominating union, holding a seat through `quota_use`) to a class; admitted
    or declined by the organiser; after the class, the hours of the sessions attended, the assessment and the
    certificate."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="trainees"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("学员"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("工会职务"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=TraineeStatus.choices, default=TraineeStatus.NOMINATED
    )
    quota_use = models.ForeignKey(
        "quotas.QuotaUse",
        verbose_name=_("占用名额"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(_("计入学时"), max_digits=5, decimal_places=1, default=Decimal("0"))
    result = models.CharField(_("考核结果"), max_length=16, choices=AssessmentResult.choices, blank=True)
    result_note = models.CharField(_("考核说明"), max_length=200, blank=True)
    assessed_at = models.DateTimeField(_("考核时间"), null=True, blank=True)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("证书"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering: ClassVar[list[str]] = ["training_class", "org", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=("training_class", "member"),
                condition=~models.Q(status="withdrawn"),
                name="learning_trainee_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_class} {self.member_id}"


# --- guidance -----------------------------------------------------------------------------------------------
class GuidanceQuestion(BaseModel, OrgScoped):
    """业务指导: a cadre of `asker_org` asks `org` (the union above that answers; scoping follows the answering
    union, and the asking union reads its own through `asker_org`). Once answered, the answering union may share it
    to the 业务知识库 as `shared_title` / `shared_body` — rewritten without the asker's name or unit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("答复工会"), on_delete=models.PROTECT, related_name="+"
    )
    asker_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("提问单位"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("业务类别"), max_length=16, choices=QuestionTopic.choices)
    title = models.CharField(_("问题"), max_length=100)
    body = models.TextField(_("问题说明"))
    status = models.CharField(
        _("状态"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    shared = models.BooleanField(_("收入业务知识库"), default=False)
    shared_title = models.CharField(_("知识库标题"), max_length=100, blank=True)
    shared_body = models.TextField(_("知识库问题（已隐去提问人）"), blank=True)
    shared_at = models.DateTimeField(_("收入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("业务指导问题")
        verbose_name_plural = _("业务指导问题")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes = [models.Index(fields=("shared", "topic"), name="learning_knowledge")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_q(cls, user: Visitor, action: str) -> Q:
        """The answering union's subtree (its holders of `action` and those above), the asking union's subtree
        (a cadre reads the questions their own union asked); for `learning.view`, also the shared 业务知识库
        entries answered anywhere in the user's tree (every cadre reads them — the pages show them anonymised)."""
        own = super().visible_q(user, action) | scope_q(user, action, path_field="asker_org__path")
        if action != "learning.view":
            return own
        roots = sorted({path[: MP_Node.steplen] for path in action_paths(user, action)})
        if not roots:
            return own
        tree = Q()
        for root in roots:
            tree |= Q(org__path__startswith=root)
        return own | (Q(shared=True) & tree)
