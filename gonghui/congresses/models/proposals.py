"""提案: proposals, seconds, handling departments, assignments, replies and honours."""

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
    HandlerRole,
    HonourKind,
    ProposalCategory,
    ProposalKind,
    ProposalStatus,
    ReplyType,
    Satisfaction,
)
from .congress import Congress, CongressSession, Delegate


# --- proposals ----------------------------------------------------------------------------------------------------
class HandlingDepartment(BaseModel, OrgScoped):
    """承办部门 of a unit (教务处, 后勤处, 医务部 …) that proposals are assigned to."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("部门名称"), max_length=60)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        ordering: ClassVar[list[str]] = ["org_id", "sort_order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="congresses_department_name",
                violation_error_message=_("本单位已有同名承办部门"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(BaseModel, OrgScoped):
    """提案 (one matter: 案由, reasons, measures) of a delegate to a congress, in a session's collection window or,
    where allowed, between sessions. Counts as a 提案 once two other delegates second it; otherwise (or late) it is
    handled as 意见建议 (`kind`) with the same tracking."""

    scope_path = "congress__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.PROTECT, related_name="proposals"
    )
    session = models.ForeignKey(
        CongressSession,
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
    )
    number = models.CharField(_("编号"), max_length=20, blank=True)
    kind = models.CharField(
        _("类别"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.PROPOSAL
    )
    category = models.CharField(
        _("分类"), max_length=12, choices=ProposalCategory.choices, default=ProposalCategory.OTHER
    )
    proposer = models.ForeignKey(
        Delegate, verbose_name=_("提案人"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("案由"), max_length=100)
    reasons = models.TextField(_("理由"))
    measures = models.TextField(_("建议措施"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SECONDING
    )
    receipt_code = models.CharField(_("回执编号"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    review_note = models.TextField(_("审查意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    deadline_on = models.DateField(_("答复期限"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期督办时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering: ClassVar[list[str]] = ["-submitted_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["congress", "number"], condition=~Q(number=""), name="congresses_proposal_number_once"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["congress", "status"], name="congresses_proposal_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congresses:proposal_detail", args=[self.public_id])


class ProposalSecond(BaseModel, OrgScoped):
    """附议: another delegate of the same congress seconds a proposal (on their phone), with a receipt."""

    scope_path = "proposal__congress__org__path"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="seconds"
    )
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("附议代表"), on_delete=models.PROTECT, related_name="seconds"
    )
    receipt_code = models.CharField(_("回执编号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["proposal", "delegate"],
                name="congresses_second_once",
                violation_error_message=_("您已附议过该提案"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.delegate_id}"


class ProposalAssignment(BaseModel, OrgScoped):
    """A department's part in handling a proposal: 主办 (one, answers) or 协办."""

    scope_path = "proposal__congress__org__path"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        HandlingDepartment, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=HandlerRole.choices)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering: ClassVar[list[str]] = ["proposal_id", "role", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["proposal", "department"],
                name="congresses_assignment_once",
                violation_error_message=_("该部门已在承办名单中"),
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(role=HandlerRole.LEAD), name="congresses_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.department_id}"


class ProposalReply(BaseModel, OrgScoped):
    """The lead department's reply (round 1; round 2 is the one re-handling after an unsatisfied rating) and the
    proposer's satisfaction with it."""

    scope_path = "proposal__congress__org__path"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField(
        _("办理轮次"), default=1, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    reply_type = models.CharField(_("答复类型"), max_length=12, choices=ReplyType.choices)
    content = models.TextField(_("答复内容"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    rating_note = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提案答复")
        verbose_name_plural = _("提案答复")
        ordering: ClassVar[list[str]] = ["proposal_id", "round"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["proposal", "round"], name="congresses_reply_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.round}"


class CongressHonour(BaseModel, OrgScoped):
    """优秀提案 or 提案承办先进单位 of a session, selected through its review round."""

    scope_path = "session__congress__org__path"

    session = models.ForeignKey(
        CongressSession, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="honours"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=HonourKind.choices)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="honours",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        HandlingDepartment,
        verbose_name=_("承办部门"),
        on_delete=models.CASCADE,
        related_name="honours",
        null=True,
        blank=True,
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("提案表彰")
        verbose_name_plural = _("提案表彰")
        ordering: ClassVar[list[str]] = ["session_id", "kind", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    Q(kind=HonourKind.EXCELLENT_PROPOSAL, proposal__isnull=False, department__isnull=True)
                )
                | (Q(kind=HonourKind.ADVANCED_HANDLER, proposal__isnull=True, department__isnull=False)),
                name="congresses_honour_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.kind}"
