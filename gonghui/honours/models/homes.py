"""建家 assessments: the 模范职工之家 standard as a self-check sheet (a reviews round in 自评+考评 mode) that the
grassroots unions below `org` fill with evidence and `org` scores beside them. Evaluations and the 模范职工之家
campaign read the scores through `selectors.homes`."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from ..choices import HomeAssessmentStatus


class HomeAssessment(BaseModel, OrgScoped):
    """One year's 建家 self-check and assessment run by `org` (usually a county union) for the unions below it;
    each union is an entry of `review_round` (mode 自评+考评)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("考评单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=HomeAssessmentStatus.choices, default=HomeAssessmentStatus.DRAFT
    )
    review_round = models.OneToOneField(
        "reviews.ReviewRound",
        verbose_name=_("自评考评表"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    self_check_deadline = models.DateField(_("自评截止日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("建家考评")
        verbose_name_plural = _("建家考评")
        ordering = ("-year", "-pk")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("honours:home_detail", args=[self.pk])
