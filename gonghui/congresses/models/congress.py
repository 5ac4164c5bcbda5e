"""Congresses, their delegates and sessions, motions and petitions for an extraordinary session."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    ASSEMBLY_KINDS,
    BallotKind,
    CongressKind,
    DelegateRole,
    MotionStatus,
    PetitionStatus,
    SessionKind,
    SessionStatus,
)


def _teacher_default() -> list[str]:
    """The platform's definition of 教师 (the TEACHER_JOB_CATEGORIES setting) when the congress is set up."""
    from gonghui.members.selectors.congress import teacher_job_categories

    return sorted(teacher_job_categories())


# --- congress -----------------------------------------------------------------------------------------------------
class CongressRules(BaseModel, OrgScoped):
    """A union's rules for the congresses of its subtree (the nearest union above with rules applies, see
    `selectors.congress.rules_for`): units with at least `secondary_min_staff` staff under a unit with a congress must hold a
    二级教（职）代会; units under `assembly_max_staff` staff may hold a 大会 of all staff instead of electing delegates."""

    org = models.OneToOneField(
        "orgs.Org", verbose_name=_("工会"), on_delete=models.CASCADE, related_name="congress_rules"
    )
    secondary_min_staff = models.PositiveIntegerField(
        _("应建二级教（职）代会的职工人数"),
        default=80,
        help_text=_("二级单位职工数达到此数应建立二级教（职）代会"),
    )
    assembly_max_staff = models.PositiveIntegerField(
        _("可实行大会制的职工人数上限"),
        default=80,
        help_text=_("职工数少于此数的单位可召开全体教职工（职工）大会"),
    )
    proposal_workdays = models.PositiveSmallIntegerField(
        _("提案答复期限（工作日）"), default=20, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = _("民主管理规则")
        verbose_name_plural = _("民主管理规则")

    def __str__(self) -> str:
        return f"{self.org_id}"


class Congress(BaseModel, OrgScoped):
    """One 届 of a unit's 教（职）代会 or 大会. `staff_count` is the unit's staff when the term began (the org's
    headcount by default); delegates should be about `delegate_share_percent` of it, and in a 教代会 the delegates whose
    岗位类别 is in `teacher_categories` at least `teacher_min_percent` of the full delegates."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=CongressKind.choices)
    term_number = models.PositiveSmallIntegerField(_("届次"), validators=[MinValueValidator(1)])
    term_started_on = models.DateField(_("本届开始日期"))
    term_ends_on = models.DateField(_("本届届满日期"))
    staff_count = models.PositiveIntegerField(_("职工总数"), default=0)
    delegate_share_percent = models.PositiveSmallIntegerField(
        _("代表名额占职工比例（%）"), default=33, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    teacher_categories = models.JSONField(_("计入教师的岗位类别"), default=_teacher_default, blank=True)
    teacher_min_percent = models.PositiveSmallIntegerField(
        _("教师代表最低比例（%）"), default=60, validators=[MaxValueValidator(100)]
    )
    women_min_percent = models.PositiveSmallIntegerField(
        _("女代表参考比例（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    young_max_age = models.PositiveSmallIntegerField(_("青年代表年龄上限"), default=35)
    young_min_percent = models.PositiveSmallIntegerField(
        _("青年代表参考比例（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    proposals_between_sessions = models.BooleanField(
        _("闭会期间可提交提案"), default=False, help_text=_("按本单位教代会（职代会）实施细则")
    )
    is_current = models.BooleanField(_("本届"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("代表大会")
        verbose_name_plural = _("代表大会")
        ordering: ClassVar[list[str]] = ["org__path", "-term_number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "term_number"],
                name="congresses_term_once",
                violation_error_message=_("本单位已有这一届代表大会"),
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["org"],
                condition=Q(is_current=True),
                name="congresses_one_current",
                violation_error_message=_("本单位已有本届代表大会，如已换届请办理“换届”"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__gte=models.F("term_started_on")),
                name="congresses_term_order",
                violation_error_message=_("届满日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org.unit_name or self.org.name}第{self.term_number}届{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("congresses:congress_detail", args=[self.public_id])

    @property
    def is_assembly(self) -> bool:
        return self.kind in ASSEMBLY_KINDS

    @property
    def is_teachers(self) -> bool:
        return self.kind in (CongressKind.TEACHERS, CongressKind.TEACHERS_ASSEMBLY)


class Delegation(BaseModel, OrgScoped):
    """代表团: the delegates elected by one part of the unit (a college, a department)."""

    scope_path = "congress__org__path"

    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("代表团"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        ordering: ClassVar[list[str]] = ["congress_id", "sort_order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["congress", "name"],
                name="congresses_delegation_name",
                violation_error_message=_("已有同名代表团"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delegate(BaseModel, OrgScoped):
    """A member's seat in one congress: 正式代表 (counted for quorum and votes), 列席 or 特邀; `is_presidium` marks the
    主席团, `on_proposal_committee` the 提案工作委员会 (whose office, the union's cadres, records its decisions). `ended_on` ends the seat (调离、退休、罢免) without deleting it."""

    scope_path = "congress__org__path"

    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.CASCADE, related_name="delegates"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="congress_seats"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("代表团"),
        on_delete=models.SET_NULL,
        related_name="delegates",
        null=True,
        blank=True,
    )
    role = models.CharField(
        _("代表类别"), max_length=12, choices=DelegateRole.choices, default=DelegateRole.FULL
    )
    is_presidium = models.BooleanField(_("主席团成员"), default=False)
    on_proposal_committee = models.BooleanField(_("提案工作委员会委员"), default=False)
    elected_on = models.DateField(_("当选日期"), null=True, blank=True)
    ended_on = models.DateField(_("代表资格终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering: ClassVar[list[str]] = ["congress_id", "delegation_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["congress", "member"],
                name="congresses_delegate_once",
                violation_error_message=_("该会员已是本届代表"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress_id}/{self.member_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


# --- sessions -----------------------------------------------------------------------------------------------------
class CongressSession(BaseModel, OrgScoped):
    """第N次会议 of a congress (or an extraordinary one): its agenda and documents, the proposal collection window,
    check-ins (a check-in target) for the quorum, motions and resolutions."""

    scope_path = "congress__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("会次"), validators=[MinValueValidator(1)])
    kind = models.CharField(
        _("会议类型"), max_length=16, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    title = models.CharField(_("会议名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=100, blank=True)
    agenda = models.TextField(_("会议议程"), blank=True)
    proposals_open_on = models.DateField(_("提案征集开始"), null=True, blank=True)
    proposals_close_on = models.DateField(_("提案征集截止"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    summary = models.TextField(_("会议纪要"), blank=True)
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("优秀提案评选"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("代表大会会议")
        verbose_name_plural = _("代表大会会议")
        ordering: ClassVar[list[str]] = ["-starts_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["congress", "number"],
                name="congresses_session_once",
                violation_error_message=_("本届已有这一次会议"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="congresses_session_order",
                violation_error_message=_("结束时间不能早于开始时间"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congresses:session_detail", args=[self.public_id])


class Motion(BaseModel, OrgScoped):
    """表决事项 on a session's agenda (a report, a plan, a collective contract): open counts entered by the 计票人, or
    a secret ballot whose choices live in the anonymous-response store. Passed when more than half of all full
    delegates (in 大会 mode, of all staff) agree; `resolution` is the text published to the unit's staff."""

    scope_path = "session__congress__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        CongressSession, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="motions"
    )
    title = models.CharField(_("表决事项"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    ballot_kind = models.CharField(
        _("表决方式"), max_length=8, choices=BallotKind.choices, default=BallotKind.OPEN
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=MotionStatus.choices, default=MotionStatus.DRAFT
    )
    electorate = models.PositiveIntegerField(
        _("应到人数"), default=0, help_text=_("表决时的全体正式代表（大会制为全体职工）")
    )
    votes_for = models.PositiveIntegerField(_("赞成"), default=0)
    votes_against = models.PositiveIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    decided_at = models.DateTimeField(_("表决时间"), null=True, blank=True)
    resolution = models.TextField(_("决议"), blank=True)
    published_at = models.DateTimeField(_("决议公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("表决事项")
        verbose_name_plural = _("表决事项")
        ordering: ClassVar[list[str]] = ["session_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class SessionPetition(BaseModel, OrgScoped):
    """A request for an extraordinary session (临时会议), started by a delegate and signed by others on their
    phones; it reaches the threshold when one third of the full delegates have signed."""

    scope_path = "congress__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.CASCADE, related_name="petitions"
    )
    reason = models.TextField(_("提议事由"))
    started_by = models.ForeignKey(
        Delegate, verbose_name=_("发起代表"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.COLLECTING
    )
    reached_at = models.DateTimeField(_("达到三分之一时间"), null=True, blank=True)
    session = models.ForeignKey(
        CongressSession,
        verbose_name=_("召开的临时会议"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("临时会议提议")
        verbose_name_plural = _("临时会议提议")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reason[:30]


class PetitionSignature(BaseModel, OrgScoped):
    scope_path = "petition__congress__org__path"

    petition = models.ForeignKey(
        SessionPetition, verbose_name=_("临时会议提议"), on_delete=models.CASCADE, related_name="signatures"
    )
    delegate = models.ForeignKey(Delegate, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("联名")
        verbose_name_plural = _("联名")
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["petition", "delegate"], name="congresses_signature_once"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.delegate_id}"
