"""志愿服务, recorded to 民政部《志愿服务记录与证明出具办法（试行）》(民政部令第67号, 2021-02-01): 第三条 (真实、准确、
完整、无偿、及时), 第四条 (the record holds the volunteer's basic facts, the service, training, awards and
evaluation). A `VolunteerTeam` of `org` (送教 / 送医 / 送科技 / 送文化), its volunteers (`VolunteerMembership`), its
projects (`VolunteerProject`, a place that may carry the tag 脱贫村), one `ServiceRecord` per volunteer and day of
service (service hours exclude the journey, which is kept apart in `travel_hours`), the training and awards of a
volunteer (`VolunteerNote`), and the 证明 issued free on the volunteer's request (`ProofRequest`, its PDF a
certificate of the certificates block). A record is published internally for 7 calendar days (公示 block) and
counts only once that window has closed."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    ProofStatus,
    ServiceEvaluation,
    ServiceRecordStatus,
    VolunteerNoteKind,
    VolunteerTeamKind,
)


class VolunteerTeam(BaseModel, OrgScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("队名"), max_length=100)
    kind = models.CharField(_("服务类别"), max_length=16, choices=VolunteerTeamKind.choices)
    description = models.TextField(_("简介"), blank=True)
    leader = models.ForeignKey(
        "members.Member",
        verbose_name=_("队长"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    active = models.BooleanField(_("在册"), default=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ("org__path", "name", "pk")

    def __str__(self) -> str:
        return self.name


class VolunteerMembership(BaseModel, OrgScoped):
    scope_path: ClassVar[str] = "team__org__path"

    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    speciality = models.CharField(_("服务特长"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ("joined_on", "pk")
        constraints = [models.UniqueConstraint(fields=("team", "member"), name="volunteer_membership_once")]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.member_id}"


class VolunteerProject(BaseModel, OrgScoped):
    """A project of a team (2020年送教下乡·修武县), at `place`; `place_tags` such as 脱贫村; `activity`, when the
    project's sign-up runs as an activity."""

    scope_path: ClassVar[str] = "team__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("项目名称"), max_length=100)
    place = models.CharField(_("服务地点"), max_length=200)
    place_tags = models.JSONField(_("地点标签"), default=list, blank=True)
    content = models.TextField(_("服务内容"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("关联活动"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ("-starts_on", "-pk")

    def __str__(self) -> str:
        return self.title


class ServiceRecord(BaseModel, OrgScoped):
    """One volunteer's service on one day of a project: `hours` is the time actually served (the journey is not
    service time and sits in `travel_hours`, shown but never summed)."""

    scope_path: ClassVar[str] = "project__team__org__path"

    project = models.ForeignKey(
        VolunteerProject, verbose_name=_("志愿服务项目"), on_delete=models.PROTECT, related_name="records"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1)
    travel_hours = models.DecimalField(
        _("往返交通（小时，不计入）"), max_digits=5, decimal_places=1, default=0
    )
    content = models.CharField(_("服务内容"), max_length=200)
    evaluation = models.CharField(_("服务评价"), max_length=16, choices=ServiceEvaluation.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ServiceRecordStatus.choices, default=ServiceRecordStatus.DRAFT
    )
    notice_entry = models.ForeignKey(
        "notices.NoticeEntry",
        verbose_name=_("公示条目"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    counted_at = models.DateTimeField(_("计入时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ("-served_on", "pk")
        constraints = [
            models.UniqueConstraint(fields=("project", "member", "served_on"), name="service_record_daily"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="service_record_hours_in_day"
            ),
        ]
        indexes = [models.Index(fields=("member", "status", "served_on"), name="service_record_member")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.served_on} {self.hours}h"


class VolunteerNote(BaseModel, OrgScoped):
    """A volunteer's training (培训情况) or award (表彰奖励情况), recorded by `org`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("记录工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=VolunteerNoteKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    on_date = models.DateField(_("日期"))
    issuer = models.CharField(_("组织/授予单位"), max_length=100, blank=True)
    hours = models.DecimalField(_("培训学时"), max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("培训与表彰")
        verbose_name_plural = _("培训与表彰")
        ordering = ("-on_date", "-pk")

    def __str__(self) -> str:
        return self.title


class ProofRequest(BaseModel, OrgScoped):
    """A volunteer's request for a 志愿服务记录证明 from `org` (the team's union) over [`period_from`, `period_to`]:
    issued at once and free from the counted records, as a certificate; refused (with the reason) when nothing
    counts in the period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("出具工会"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    period_from = models.DateField(_("起始日期"))
    period_to = models.DateField(_("截止日期"))
    purpose = models.CharField(_("用途"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProofStatus.choices)
    hours = models.DecimalField(_("证明时长（小时）"), max_digits=8, decimal_places=1, default=0)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("证明"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("志愿服务证明申请")
        verbose_name_plural = _("志愿服务证明申请")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.number
