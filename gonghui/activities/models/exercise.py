"""工间操 as a programme: a union publishes a routine (`ExerciseRoutine`, its video an attachment played through the
large-media block); a unit adopts it (`ExerciseAdoption`: which days, what time); each day's session
(`ExerciseSession`) records who took part (`ExerciseParticipation`, by check-in) or the count the unit confirms;
adoption and participation rates per union roll up the tree."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import ParticipationMethod


class ExerciseRoutine(BaseModel, OrgScoped):
    """A routine (第九套广播体操, 八段锦) published by `org` for its subtree."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=10)
    active = models.BooleanField(_("推广中"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工间操")
        verbose_name_plural = _("工间操")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class ExerciseAdoption(BaseModel, OrgScoped):
    """A unit (`org`) doing a routine: on `weekdays` ("12345" = Monday to Friday) at `time_of_day`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    routine = models.ForeignKey(
        ExerciseRoutine, verbose_name=_("工间操"), on_delete=models.PROTECT, related_name="adoptions"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位工会"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("每周哪几天"), max_length=7, default="12345")
    time_of_day = models.TimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    started_on = models.DateField(_("开始日期"))
    stopped_on = models.DateField(_("停止日期"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工间操推广单位")
        verbose_name_plural = _("工间操推广单位")
        ordering = ("org__path", "pk")
        constraints = [models.UniqueConstraint(fields=("routine", "org"), name="exercise_adoption_once")]

    def __str__(self) -> str:
        return f"{self.routine_id}:{self.org_id}"


class ExerciseSession(BaseModel, OrgScoped):
    """One day's session of an adoption; `confirmed_count` is the number the unit confirms when it does not check
    people in (then there are no participation rows)."""

    scope_path: ClassVar[str] = "adoption__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    adoption = models.ForeignKey(
        ExerciseAdoption, verbose_name=_("推广单位"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("日期"))
    confirmed_count = models.PositiveIntegerField(_("单位确认人数"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工间操场次")
        verbose_name_plural = _("工间操场次")
        ordering = ("-held_on", "pk")
        constraints = [models.UniqueConstraint(fields=("adoption", "held_on"), name="exercise_session_daily")]

    def __str__(self) -> str:
        return f"{self.adoption_id}:{self.held_on}"


class ExerciseParticipation(BaseModel, OrgScoped):
    scope_path: ClassVar[str] = "session__adoption__org__path"

    session = models.ForeignKey(
        ExerciseSession, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("方式"), max_length=16, choices=ParticipationMethod.choices)
    check_in = models.ForeignKey(
        "checkins.CheckIn",
        verbose_name=_("签到记录"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("工间操参与")
        verbose_name_plural = _("工间操参与")
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("session", "member"), name="exercise_participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}"
