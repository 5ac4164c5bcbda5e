"""网上维权 models: the editable list of categories with their SLA periods, the designation of handlers for
restricted categories, the case (`Appeal`) and its replies and internal notes (`AppealMessage`)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Actor, AnonymousUser, Visitor
from gonghui.accounts.scoping import NOTHING, OrgScoped, has_action_anywhere, scope_q
from gonghui.core.models import BaseModel

from .choices import AppealChannel, AppealStatus, ContactPreference, MessageKind, Rating

# The actions of 网上维权 (see permissions.py for who holds what). They live here, beside `Appeal.visible_q` which
# uses them, so that models need not import permissions (which builds on the models).
VIEW = "appeals.view"
HANDLE = "appeals.handle"
SUPERVISE = "appeals.supervise"
REVEAL = "appeals.reveal"
VIEW_ASSIGNED = "appeals.view_assigned"
CONFIGURE = "appeals.configure"  # the platform-wide category list (system administrators)

_DESIGNATIONS_ATTR = "_appeal_designations"


class AppealCategory(BaseModel):
    """诉求类别 with its SLA in working days. Restricted categories (女职工权益, 心理援助) are seen only by the
    handlers designated for them and by supervisors."""

    code = models.SlugField(_("编码"), max_length=30, unique=True)
    name = models.CharField(
        _("类别名称"), max_length=30, unique=True, error_messages={"unique": _("已有同名的诉求类别")}
    )
    accept_days = models.PositiveSmallIntegerField(_("受理时限（工作日）"), default=2)
    reply_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=15)
    is_restricted = models.BooleanField(
        _("限定办理人"), default=False, help_text=_("只有被指定的办理人和维权督办能看到该类诉求")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering: ClassVar[list[str]] = ["order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(accept_days__gte=1)
                & Q(reply_days__gte=1)
                & Q(reply_days__gte=models.F("accept_days")),
                name="appeal_category_sla_order",
                violation_error_message=_("答复时限不能短于受理时限，且都至少为1个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HandlerDesignation(BaseModel, OrgScoped):
    """A handler designated for a restricted category in an org and everything below it (女职工部, 心理咨询师)."""

    scope_path = "org__path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.CASCADE,
        related_name="appeal_designations",
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="appeal_designations"
    )
    category = models.ForeignKey(
        AppealCategory, verbose_name=_("诉求类别"), on_delete=models.PROTECT, related_name="designations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("限定类别办理人")
        verbose_name_plural = _("限定类别办理人")
        ordering: ClassVar[list[str]] = ["org__path", "category__order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "org", "category"], name="uniq_appeal_designation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.category} · {self.org}"


def user_designations(user: Visitor) -> list[tuple[str, int]]:
    """(org path, category id) of the user's designations for restricted categories, loaded once per request."""
    if isinstance(user, AnonymousUser):
        return []
    cached: list[tuple[str, int]] | None = getattr(user, _DESIGNATIONS_ATTR, None)
    if cached is None:
        cached = list(
            HandlerDesignation.objects.filter(user=user, org__status="active").values_list(
                "org__path", "category_id"
            )
        )
        setattr(user, _DESIGNATIONS_ATTR, cached)
    return cached


def forget_designations(user: Actor) -> None:
    if hasattr(user, _DESIGNATIONS_ATTR):
        delattr(user, _DESIGNATIONS_ATTR)


def designation_q(user: Visitor) -> Q:
    q = NOTHING
    for path, category_id in user_designations(user):
        q |= Q(org__path__startswith=path, category_id=category_id)
    return q


class Appeal(BaseModel, OrgScoped):
    """诉求: a member's (or a caller's) request for help, handled by a union on the case desk with working-day
    deadlines. The requester's identity (member, contact name and phone) is never shown for an anonymous case
    except through an audited reveal by a 维权督办."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("诉求编号"), max_length=20, unique=True)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("办理工会"), on_delete=models.PROTECT, related_name="appeals"
    )
    origin_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("申请人所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        AppealCategory, verbose_name=_("诉求类别"), on_delete=models.PROTECT, related_name="appeals"
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=AppealChannel.choices, default=AppealChannel.PORTAL
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED, db_index=True
    )
    # the requester
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    contact_preference = models.CharField(
        _("联系方式"), max_length=10, choices=ContactPreference.choices, default=ContactPreference.PORTAL
    )
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    privacy_accepted_at = models.DateTimeField(_("同意隐私说明时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the request
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    desired_outcome = models.TextField(_("期望结果"), blank=True)
    text_digest = models.CharField(_("内容摘要"), max_length=64, db_index=True)
    # handling
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_handled",
    )
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("律师"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_as_lawyer",
    )
    reject_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    # SLA (working days on the calendar)
    submitted_on = models.DateField(_("提交日期"))
    accept_due = models.DateField(_("受理期限"))
    reply_due = models.DateField(_("答复期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    paused_since = models.DateField(_("暂停计时起"), null=True, blank=True)
    paused_workdays = models.PositiveSmallIntegerField(_("累计暂停工作日"), default=0)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    handling_workdays = models.PositiveSmallIntegerField(_("办理用时（工作日）"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    was_overdue = models.BooleanField(_("曾超期"), default=False)
    due_soon_notified_for = models.DateField(_("已提醒临期的期限"), null=True, blank=True)
    overdue_notified_for = models.DateField(_("已督办超期的期限"), null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("上报次数"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # the member's rating
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["member", "text_digest", "created_at"]),
            models.Index(fields=["status", "reply_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = VIEW) -> Q:
        """Cases the user may see (`VIEW`) or act on (`HANDLE`): the subtree's cases of unrestricted categories
        and of the categories the user is designated for, a supervisor's whole subtree, a lawyer's own cases."""
        if action not in (VIEW, HANDLE):
            return scope_q(user, action, path_field="org__path")
        allowed_category = Q(category__is_restricted=False) | designation_q(user)
        q = (scope_q(user, action, path_field="org__path") & allowed_category) | scope_q(
            user, SUPERVISE, path_field="org__path"
        )
        if action == VIEW and has_action_anywhere(user, VIEW_ASSIGNED):
            q |= Q(lawyer_id=user.pk)
        return q

    @property
    def requester_label(self) -> str:
        """What a handler sees as the requester: never the identity of an anonymous case."""
        return "匿名" if self.is_anonymous else self.contact_name


class AppealMessage(BaseModel):
    """A reply to the member, an internal note (never shown to the member), or the member's supplement."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("诉求答复与备注")
        verbose_name_plural = _("诉求答复与备注")
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
