"""换届 of a union."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import (
    ElectionStatus,
)


# --- elections ----------------------------------------------------------------------------------------------------
class UnionElection(BaseModel, OrgScoped):
    """换届 of a union: the 请示 and the upper union's approval, the election, the upper union's approval of the
    result; completing it starts the new term of the union's committees (orgs' committee 换届)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey("orgs.Org", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    old_term_ends_on = models.DateField(_("上届任期届满"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ElectionStatus.choices, default=ElectionStatus.PLANNING
    )
    requested_on = models.DateField(_("报送换届请示日期"), null=True, blank=True)
    plan_approved_on = models.DateField(_("上级批复换届日期"), null=True, blank=True)
    plan_reference = models.CharField(_("换届批复文号"), max_length=60, blank=True)
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)
    result_approved_on = models.DateField(_("上级批复选举结果日期"), null=True, blank=True)
    result_reference = models.CharField(_("选举结果批复文号"), max_length=60, blank=True)
    new_term_started_on = models.DateField(_("新一届任期开始"), null=True, blank=True)
    new_term_ends_on = models.DateField(_("新一届任期届满"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("换届")
        verbose_name_plural = _("换届")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["org"],
                condition=~Q(status__in=[ElectionStatus.COMPLETED, ElectionStatus.CANCELLED]),
                name="congresses_one_open_election",
                violation_error_message=_("该工会已有正在办理的换届"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(new_term_ends_on__isnull=True)
                | Q(new_term_started_on__isnull=True)
                | Q(new_term_ends_on__gte=models.F("new_term_started_on")),
                name="congresses_election_term",
                violation_error_message=_("新一届任期届满日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("congresses:election_detail", args=[self.public_id])
