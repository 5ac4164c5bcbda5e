"""走访慰问: the one visit model every app that visits people uses — a 劳模 (honours), a 困难职工 household or a
送温暖 campaign's people (welfare). A `Visit` is owned by the module's row (generic `owner`), made by `org`,
optionally of a roster member; money given is paid through the ledger by the owner app, never stored here."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import OrgScoped
from gonghui.core.models import BaseModel

from .choices import VisitOccasion


class Visit(BaseModel, OrgScoped):
    """One visit: who was visited (a member, or a name), when, on what occasion, by whom, what was said and given."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("走访单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("走访对象（会员）"),
        on_delete=models.PROTECT,
        related_name="visits",
        null=True,
        blank=True,
    )
    visited_name = models.CharField(_("走访对象"), max_length=100)
    visited_on = models.DateField(_("走访日期"))
    occasion = models.CharField(_("走访事由"), max_length=16, choices=VisitOccasion.choices)
    visitors = models.CharField(_("走访人员"), max_length=200, help_text=_("如：王主席、李干事"))
    content = models.TextField(_("走访情况"), blank=True)
    gifts = models.CharField(_("慰问物品"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        ordering = ("-visited_on", "-pk")
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="visits_visit_owner_idx")]

    def __str__(self) -> str:
        return f"{self.visited_name}·{self.visited_on}"
